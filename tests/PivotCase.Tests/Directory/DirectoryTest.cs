using Marten;
using Microsoft.Extensions.DependencyInjection;
using PivotCase.Api.Directory;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Directory;

/// <summary>What the directory and trajectory tests share: the coordinator, PUT, and reads of profiles by code.</summary>
public abstract class DirectoryTest(AppFixture app) : IntegrationTest(app)
{
    protected static readonly TestUser Coordinator = TestUser.Coordinator();
    protected static readonly TestUser Researcher = TestUser.Researcher();

    protected Task<ApiResponse> Put(string url, object? body, TestUser? user, int? expectedStatus = null) =>
        Send(HttpMethod.Put, url, body, user is null ? null : Bearer(user), expectedStatus);

    protected Task<ApiResponse> Register(object body) => Post("/api/directory/organizations", body, Coordinator, 201);

    protected async Task<OrganizationProfile?> LoadOrganization(string code)
    {
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<OrganizationProfile>(code);
    }
}

/// <summary>Directory request bodies; every member offers services described by (domain, available24h).</summary>
public static class Organizations
{
    public static object Body(
        string code = "cathii", string sector = "community", string[]? regions = null, string[]? languages = null,
        params (string Domain, bool Available24h)[] services) => new
    {
        code,
        name = $"Organisation {code}",
        sector,
        regions = regions ?? ["06"],
        languages = languages ?? ["fr", "en"],
        contact = new { name = "Intake desk", phone = "514-555-0100", email = $"intake@{code}.example.org" },
        services = (services.Length == 0 ? [("housing", false)] : services)
            .Select(service => new { domain = service.Domain, description = $"{service.Domain} for survivors", available24h = service.Available24h })
            .ToArray()
    };
}
