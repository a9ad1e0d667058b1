using Alba;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;

namespace PivotCase.Tests.Support;

/// <summary>
/// One API host for the whole test run, on the real HTTP pipeline (JWT, Wolverine, Marten) against a real
/// PostgreSQL; the data is reset before each test by <see cref="IntegrationTest"/>.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset StartOfTime = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);

    private TestDatabase? _database;

    public IAlbaHost Host { get; private set; } = null!;
    public FakeTimeProvider Clock { get; } = new(StartOfTime);
    public CapturedLogs Logs { get; } = new();
    public AuthOptions Auth { get; private set; } = null!;
    public string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.StartAsync();
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:PivotCase", _database.ConnectionString);
            // The suite sends thousands of requests a minute as a handful of users; RateLimitTests cover the limits.
            builder.UseSetting("RateLimiting:PermitsPerUserPerMinute", "1000000");
            builder.UseSetting("RateLimiting:PermitsPerOrganizationPerMinute", "1000000");
            builder.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<CapturedLogs>(null, LogLevel.Debug));
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                // Sweeps run when a test invokes them, on the test's clock: one started by the wall clock a minute into
                // the run would meet whatever another test has set up. PeriodicMessageTests covers the timer itself.
                foreach (var sweep in services.Where(IsPeriodicMessage).ToList()) services.Remove(sweep);
            });
        });
        Auth = Host.Services.GetRequiredService<IConfiguration>()
            .GetSection(AuthOptions.Section).Get<AuthOptions>()!;
    }

    public async Task ResetAsync()
    {
        Clock.AdjustTime(StartOfTime);
        await Host.ResetAllMartenDataAsync();
    }

    private static bool IsPeriodicMessage(ServiceDescriptor descriptor) =>
        descriptor.ServiceType == typeof(IHostedService)
        && descriptor.ImplementationType is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(PeriodicMessage<>);

    public async Task DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "api";
}
