using System.Text.Json.Nodes;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Statistics;

/// <summary>The categories a case is opened with, as the API names them.</summary>
public sealed record Profile(
    string Region, string Trafficking, string Gender, string AgeGroup, string[] ExploitationTypes, string? OpenedOn = null)
{
    public string Year => OpenedOn?[..4] ?? "2026";

    public string ValueOf(string dimension) => dimension switch
    {
        "region" => Region,
        "trafficking" => Trafficking,
        "gender" => Gender,
        "ageGroup" => AgeGroup,
        "year" => Year,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension))
    };
}

/// <summary>Cases opened and consented through the API, and statistics read back once the daemon has caught up.</summary>
public abstract class StatisticsTest(AppFixture app) : IntegrationTest(app)
{
    protected static readonly TestUser Researcher = TestUser.Researcher();
    protected static readonly TestUser Coordinator = TestUser.Coordinator();

    protected async Task<Guid> OpenCase(Profile profile, bool consent = true, string? consentExpiresOn = null, object? personalDetails = null)
    {
        var caseId = await OpenCase(Worker, new
        {
            accessPoint = "police",
            exploitationTypes = profile.ExploitationTypes,
            trafficking = profile.Trafficking,
            ageGroup = profile.AgeGroup,
            gender = profile.Gender,
            region = profile.Region,
            openedOn = profile.OpenedOn,
            personalDetails
        });
        if (consent) await GiveResearchConsent(caseId, consentExpiresOn);
        return caseId;
    }

    protected async Task<Guid> GiveResearchConsent(Guid caseId, string? expiresOn = null)
    {
        var response = await Post($"/api/cases/{caseId}/consents",
            new { scope = "research_statistics", givenOn = "2026-03-02", expiresOn }, Worker, 201);
        return response.Json["consentId"]!.GetValue<Guid>();
    }

    protected async Task<List<Guid>> OpenCases(int count, Profile profile, bool consent = true)
    {
        var caseIds = new List<Guid>();
        for (var index = 0; index < count; index++) caseIds.Add(await OpenCase(profile, consent));
        return caseIds;
    }

    protected async Task<JsonNode> Statistics(string url, TestUser? user = null)
    {
        await ProjectionsCaughtUp();
        return (await Get(url, user ?? Researcher, 200)).Json;
    }

    protected async Task<string> StatisticsBody(string url, TestUser? user = null, string accept = "application/json")
    {
        await ProjectionsCaughtUp();
        var response = await Send(HttpMethod.Get, url, null, Bearer(user ?? Researcher), 200,
            new Dictionary<string, string> { ["Accept"] = accept });
        return response.Body;
    }

    protected static IEnumerable<JsonNode> Cells(JsonNode answer) => answer["cells"]!.AsArray().Select(cell => cell!);

    /// <summary>The cells of a one-way answer by their value of <paramref name="dimension"/>; null where withheld.</summary>
    protected static Dictionary<string, int?> CountsBy(JsonNode answer, string dimension) =>
        Cells(answer).ToDictionary(cell => cell[dimension]!.ToString(), cell => cell["count"]?.GetValue<int>());

    protected static int? Total(JsonNode answer) => answer["total"]?.GetValue<int>();
}
