using System.Globalization;
using System.Net.Http.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PivotCase.Api.Cases;
using PivotCase.Api.Dashboards;
using PivotCase.Api.Platform;
using PivotCase.Api.Recovery;
using PivotCase.Api.Steps;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Dashboards;

/// <summary>
/// The dashboard page in a real headless Chromium (Debian's, driven by Playwright) against the real API run as a
/// Kestrel process (<see cref="ApiProcess"/>): no request is intercepted. Data is seeded through that API; the page must
/// show what <c>GET /api/dashboard</c> answers for the same token, in English and in French. Screenshots are saved
/// under the test output folder, in TestResults/.
/// </summary>
public sealed class DashboardPageTests(AppFixture app) : IntegrationTest(app)
{
    private const string TokenKey = "pivotcase.dashboard.token";
    private static readonly TestUser SecondWorker = TestUser.Caseworker("cathii", "worker-2");
    private static readonly TestUser ThirdWorker = TestUser.Caseworker("cathii", "worker-3");

    [Fact]
    public async Task The_page_shows_what_the_api_returns_with_charts_in_english_and_in_french()
    {
        await StartWellBeforeQuebecMidnightAsync();
        await using var api = await ApiProcess.StartAsync(App.ConnectionString);
        await SeedCaseloadAsync(api);
        await ProjectionsCaughtUp();

        var token = Supervisor.TokenFrom(App.Auth, DateTimeOffset.UtcNow);
        var expected = await DashboardFromApiAsync(api, token);
        // The seed gives every list rows, so that every table and chart has data.
        expected["openCases"]!.GetValue<int>().ShouldBe(5);
        foreach (var list in new[] { "casesByWorker", "crisisWindow", "overdueSteps", "deadlines", "pendingReferrals", "inactiveCases", "assessmentsDue", "incidentsAwaitingNotice" })
            expected[list]!.AsArray().ShouldNotBeEmpty(list);
        expected["recovery"]!["averageChange"]!.AsObject().Count.ShouldBeGreaterThan(0);

        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var (page, problems) = await OpenPageAsync(browser, api);

        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Supervisor dashboard");
        await page.GetByLabel("Access token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await WaitForStateAsync(page, "loaded");

        (await page.Locator("#open-cases").InnerTextAsync()).ShouldBe(expected["openCases"]!.GetValue<int>().ToString());
        (await page.Locator("#organization").InnerTextAsync()).ShouldBe("cathii");
        (await page.Locator("#status").InnerTextAsync()).ShouldBe($"Dashboard loaded: {expected["openCases"]} open cases.");
        await ShouldShowEveryRowAsync(page, expected);
        await ShouldShowWorkerLoadsAsync(page, expected);
        (await page.EvaluateAsync<bool>(
            "() => ['workers-chart', 'crisis-chart', 'deadlines-chart', 'recovery-chart'].every(id => Chart.getChart(id) !== undefined)"))
            .ShouldBeTrue("every chart is drawn");
        await ShouldChartWhatTheApiReturnsAsync(page, expected);
        (await page.EvaluateAsync<string?>($"() => sessionStorage.getItem('{TokenKey}')")).ShouldBe(token);
        (await page.EvaluateAsync<bool>($"() => Object.keys(localStorage).every(key => !localStorage.getItem(key).includes('{token}'))"))
            .ShouldBeTrue("the token is kept in sessionStorage only");
        (await page.Locator("#signed-in-as").InnerTextAsync()).ShouldBe("Signed in as supervisor-1 (cathii).");
        await ShouldBeAccessibleAsync(page, "role-img-alt", "th-has-data-cells", "td-headers-attr");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsFolder, "dashboard-en.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "Français" }).ClickAsync();

        (await page.EvaluateAsync<string>("() => document.documentElement.lang")).ShouldBe("fr");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Tableau de bord de supervision");
        (await page.Locator("h2:visible").AllInnerTextsAsync()).ShouldBe([
            "Sommaire", "Dossiers ouverts par intervenant·e", "Période de crise (72 premières heures)", "Démarches en retard",
            "Échéances", "Références en attente", "Dossiers inactifs", "Évaluations du rétablissement à faire",
            "Incidents de confidentialité en attente d’avis", "Rétablissement : variation moyenne par domaine"
        ]);
        (await page.Locator("#incidents-table tbody td").AllInnerTextsAsync())
            .ShouldContain("Commission d’accès à l’information, Personnes concernées");
        (await page.Locator("#assessments-table tbody td").AllInnerTextsAsync()).ShouldContain("Pas encore (évaluation d’accueil)");
        (await page.Locator("#referrals-table thead th").AllInnerTextsAsync()).ShouldContain("Consentement en vigueur");
        (await page.GetByRole(AriaRole.Button, new() { Name = "Français" }).GetAttributeAsync("aria-pressed")).ShouldBe("true");
        (await page.Locator("#deadlines-table thead th").AllInnerTextsAsync()).ShouldBe(["Dossier", "Échéance", "Date", "Jours restants (négatif : passée)"]);
        (await page.Locator("#deadlines-table tbody td").AllInnerTextsAsync()).ShouldContain("Échéance du PST");
        (await page.Locator("#crisis-table").InnerTextAsync()).ShouldContain("Sécurité");
        (await page.Locator("#recovery-table").InnerTextAsync()).ShouldContain("Soutien social");
        (await page.Locator("#open-cases").InnerTextAsync()).ShouldBe(expected["openCases"]!.GetValue<int>().ToString());
        (await page.Locator("#status").InnerTextAsync()).ShouldBe($"Tableau de bord chargé : {expected["openCases"]} dossiers ouverts.");
        await ShouldShowEveryRowAsync(page, expected);
        await ShouldBeAccessibleAsync(page, "role-img-alt", "th-has-data-cells", "valid-lang");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsFolder, "dashboard-fr.png"), FullPage = true });

        problems.ShouldBeEmpty("no console error, failed script or Content-Security-Policy violation");
    }

    [Fact]
    public async Task Refused_tokens_are_explained_in_plain_words_and_forgotten()
    {
        await using var api = await ApiProcess.StartAsync(App.ConnectionString);
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var (page, problems) = await OpenPageAsync(browser, api);

        await SignInAsync(page, "not-a-token");
        await WaitForStateAsync(page, "error");
        (await page.GetByRole(AriaRole.Alert).InnerTextAsync()).ShouldBe(
            "The server refused this token: it is invalid or has expired. Paste a new token and sign in again.");
        (await page.EvaluateAsync<string?>($"() => sessionStorage.getItem('{TokenKey}')")).ShouldBeNull();
        (await page.GetByLabel("Access token").IsVisibleAsync()).ShouldBeTrue();
        (await page.Locator("#dashboard").IsHiddenAsync()).ShouldBeTrue();

        await SignInAsync(page, TestUser.Researcher().TokenFrom(App.Auth, DateTimeOffset.UtcNow));
        await WaitForStateAsync(page, "error");
        (await page.GetByRole(AriaRole.Alert).InnerTextAsync()).ShouldBe(
            "This token does not give access to a dashboard. Sign in with a supervisor's or a caseworker's token.");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Supervisor dashboard");

        await page.GetByRole(AriaRole.Button, new() { Name = "Français" }).ClickAsync();
        (await page.GetByRole(AriaRole.Alert).InnerTextAsync()).ShouldBe(
            "Ce jeton ne donne accès à aucun tableau de bord. Connectez-vous avec le jeton d’une personne superviseure ou intervenante.");
        await ShouldBeAccessibleAsync(page, "label", "button-name");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsFolder, "dashboard-refused-fr.png"), FullPage = true });

        // Development only: the page offers the server's development token.
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter avec un jeton de développement" }).ClickAsync();
        await WaitForStateAsync(page, "loaded");
        (await page.Locator("#signed-in-as").InnerTextAsync()).ShouldBe("Connecté·e : supervisor-1 (cathii).");
        (await page.Locator("#open-cases").InnerTextAsync()).ShouldBe("0");
        (await page.Locator("#crisis-table").IsHiddenAsync()).ShouldBeTrue();
        (await page.Locator("#crisis-table + .empty").InnerTextAsync()).ShouldBe("Rien à afficher.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        (await page.EvaluateAsync<string?>($"() => sessionStorage.getItem('{TokenKey}')")).ShouldBeNull();
        (await page.Locator("#status").InnerTextAsync()).ShouldBe("Déconnexion faite. Le jeton a été oublié.");

        problems.Where(problem => !problem.Contains("401") && !problem.Contains("403"))
            .ShouldBeEmpty("only the refused requests themselves are logged as errors");
    }

    [Fact]
    public async Task A_caseworker_signs_in_to_their_own_caseload()
    {
        await StartWellBeforeQuebecMidnightAsync();
        await using var api = await ApiProcess.StartAsync(App.ConnectionString);
        await SeedCaseloadAsync(api);
        await ProjectionsCaughtUp();

        var token = Worker.TokenFrom(App.Auth, DateTimeOffset.UtcNow);
        var expected = await DashboardFromApiAsync(api, token, "/api/worklist");
        expected["openCases"]!.GetValue<int>().ShouldBe(2);
        expected["casesByWorker"]!.AsArray().ShouldHaveSingleItem()!["worker"]!.GetValue<string>().ShouldBe(Worker.Sub);

        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var (page, problems) = await OpenPageAsync(browser, api);
        await SignInAsync(page, token);
        await WaitForStateAsync(page, "loaded");

        (await page.Locator("h1").InnerTextAsync()).ShouldBe("My caseload");
        (await page.TitleAsync()).ShouldBe("PivotCase — Dashboard");
        (await page.Locator("#signed-in-as").InnerTextAsync()).ShouldBe($"Signed in as {Worker.Sub} (cathii).");
        (await page.Locator("#open-cases").InnerTextAsync()).ShouldBe("2");
        await ShouldShowEveryRowAsync(page, expected);
        (await page.Locator("#incidents-heading").IsVisibleAsync()).ShouldBeFalse("caseworkers do not keep the incident register");
        (await page.Locator("#incidents-count").IsVisibleAsync()).ShouldBeFalse();

        await page.GetByRole(AriaRole.Button, new() { Name = "Français" }).ClickAsync();
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Mes dossiers");
        await ShouldBeAccessibleAsync(page, "th-has-data-cells");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Tableau de bord de supervision");
        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_enumeration_value_the_dashboard_shows_has_an_english_and_a_french_label()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await page.AddScriptTagAsync(new() { Path = Path.Combine(PivotCase.Api.Dashboards.Configuration.FilesFolder, "i18n.js") });
        var dictionaries = JsonNode.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(window.PivotCaseI18n)"))!.AsObject();

        var expected = new Dictionary<string, string[]>
        {
            ["serviceDomain"] = Names<ServiceDomain>(),
            ["recoveryDomain"] = Names<RecoveryDomain>(),
            ["deadlineKind"] = Names<DeadlineKind>(),
            ["direction"] = Names<ReferralDirection>()
        };
        dictionaries.Select(language => language.Key).ShouldBe(["en", "fr"]);
        var english = dictionaries["en"]!.AsObject();
        var french = dictionaries["fr"]!.AsObject();
        french.Select(entry => entry.Key).Order().ShouldBe(english.Select(entry => entry.Key).Order(), "the same texts in both languages");
        foreach (var (group, names) in expected)
        foreach (var language in new[] { english, french })
        {
            var labels = language[group]!.AsObject();
            labels.Select(entry => entry.Key).Order().ShouldBe(names.Order(), group);
            labels.ShouldAllBe(entry => !string.IsNullOrWhiteSpace(entry.Value!.GetValue<string>()));
        }

        french["deadlineKind"]!["trp_expiry"]!.GetValue<string>().ShouldBe("Échéance du PST");
        english["deadlineKind"]!["ivac_claim"]!.GetValue<string>().ShouldBe("IVAC claim deadline");
        french["serviceDomain"]!["housing"]!.GetValue<string>().ShouldBe("Logement");
    }

    /// <summary>axe-core's WCAG 2.x A and AA rules (headings, labels, table headers, contrast, lang…) find nothing.</summary>
    private static async Task ShouldBeAccessibleAsync(IPage page, params string[] checkedRules)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] }
        });
        result.Violations.Select(violation =>
                $"{violation.Id} ({violation.Impact}): {violation.Help} at {string.Join(", ", violation.Nodes.Select(node => node.Target))}")
            .ShouldBeEmpty();
        foreach (var rule in checkedRules.Append("color-contrast").Append("html-lang-valid"))
            result.Passes.Select(passed => passed.Id).ShouldContain(rule);
    }

    /// <summary>
    /// The seed's days, the API's dashboard and the page's are all "today" in Quebec: a run that would straddle midnight
    /// (the test takes well under three minutes) waits for it instead.
    /// </summary>
    private static async Task StartWellBeforeQuebecMidnightAsync()
    {
        var calendar = new CoalitionCalendar(TimeProvider.System, new ConfigurationBuilder().Build());
        var untilMidnight = calendar.StartOf(calendar.Today.AddDays(1)) - calendar.Now;
        if (untilMidnight < TimeSpan.FromMinutes(3)) await Task.Delay(untilMidnight + TimeSpan.FromSeconds(5));
    }

    private static string[] Names<TEnum>() where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(PivotCase.Api.Platform.Json.NameOf).ToArray();

    /// <summary>
    /// Five open cases of cathii over three workers (two in their crisis window with immediate needs, two with an
    /// overdue step, three deadlines within sixty days, one inactive for forty days, one with a recovery change, an
    /// urgent referral out to another member), a closed one, and another organisation's case, referred to cathii, that
    /// shows only as that incoming referral.
    /// </summary>
    private async Task SeedCaseloadAsync(ApiProcess api)
    {
        var calendar = new CoalitionCalendar(TimeProvider.System, new ConfigurationBuilder().Build());
        var today = calendar.Today;
        string Day(int offset) => today.AddDays(offset).ToString("yyyy-MM-dd");

        using var worker = api.Client(Worker.TokenFrom(App.Auth, DateTimeOffset.UtcNow));
        using var second = api.Client(SecondWorker.TokenFrom(App.Auth, DateTimeOffset.UtcNow));
        using var third = api.Client(ThirdWorker.TokenFrom(App.Auth, DateTimeOffset.UtcNow));
        using var other = api.Client(OtherOrgWorker.TokenFrom(App.Auth, DateTimeOffset.UtcNow));
        using var coordinator = api.Client(TestUser.Coordinator().TokenFrom(App.Auth, DateTimeOffset.UtcNow));

        foreach (var member in new[] { "cathii", "maison" })
            await PostAsync(coordinator, "/api/directory/organizations", Directory.Organizations.Body(member));

        var fresh = await OpenAsync(worker, Bodies.NewCase());
        await PostAsync(worker, $"/api/cases/{fresh}/needs", new { domain = "safety", timeframe = "immediate" });
        await PostAsync(worker, $"/api/cases/{fresh}/needs", new { domain = "housing", timeframe = "immediate" });
        await PostAsync(worker, $"/api/cases/{fresh}/steps", new { domain = "legal", title = "Legal aid", timeframe = "short_term", dueOn = Day(0) });
        await PostAsync(worker, $"/api/cases/{fresh}/consents", new { scope = "share_with_organization", organization = "maison", givenOn = Day(0) });
        await PostAsync(worker, $"/api/cases/{fresh}/referrals", new { toOrganization = "maison", domain = "housing", urgent = true });

        await PostAsync(worker, $"/api/cases/{fresh}/immigration", new { kind = "trp_issued", on = Day(-40), validUntil = Day(20) });
        await PostAsync(worker, $"/api/cases/{fresh}/immigration", new { kind = "work_permit_issued", on = Day(-40), validUntil = Day(45) });

        await RecordCaseFortyDaysAgoAsync(calendar, today.AddDays(-40));

        var settled = await OpenAsync(second, Bodies.NewCase(openedOn: Day(-10)));
        await PostAsync(second, $"/api/cases/{settled}/steps", new { domain = "housing", title = "Apartment visit", timeframe = "short_term", dueOn = Day(-3) });
        await PostAsync(second, $"/api/cases/{settled}/steps", new { domain = "legal", title = "Court date", timeframe = "short_term", dueOn = Day(-1) });
        await PostAsync(second, $"/api/cases/{settled}/assessments",
            new { assessedOn = Day(-10), scores = new { safety = 2, mental_health = 2, social_support = 1 } });
        await PostAsync(second, $"/api/cases/{settled}/assessments",
            new { assessedOn = Day(0), scores = new { safety = 3, mental_health = 4, social_support = 3 } });

        var arriving = await OpenAsync(second, Bodies.NewCase());
        await PostAsync(second, $"/api/cases/{arriving}/needs", new { domain = "basic_needs", timeframe = "immediate" });

        var permit = await OpenAsync(third, Bodies.NewCase(openedOn: Day(-5)));
        await PostAsync(third, $"/api/cases/{permit}/immigration", new { kind = "trp_issued", on = Day(-5), validUntil = Day(7) });

        var closed = await OpenAsync(third, Bodies.NewCase(openedOn: Day(-2)));
        await PostAsync(third, $"/api/cases/{closed}/close", new { reason = "goals_met" });

        using var supervisor = api.Client(Supervisor.TokenFrom(App.Auth, DateTimeOffset.UtcNow));
        var incident = (await PostAsync(supervisor, "/api/privacy/incidents", new
        {
            kind = "unauthorized_communication", informationConcerned = "A referral's reason", circumstances = "Sent to the wrong member",
            occurredFrom = Day(-2), discoveredOn = Day(-1), personsConcerned = 1
        }))["id"];
        await PostAsync(supervisor, $"/api/privacy/incidents/{incident}/risk-assessment", new { seriousInjuryRisk = true, reasons = "Sensitive" });

        var elsewhere = await OpenAsync(other, Bodies.NewCase());
        await PostAsync(other, $"/api/cases/{elsewhere}/consents", new { scope = "share_with_organization", organization = "cathii", givenOn = Day(0) });
        await PostAsync(other, $"/api/cases/{elsewhere}/referrals", new { toOrganization = "cathii", domain = "mental_health" });
    }

    /// <summary>
    /// A case is inactive from the last act recorded on it or from its recording, never from the day the survivor was
    /// identified, so no request made now can seed one: its opening goes straight into the event store, recorded forty days
    /// ago (as an import would), with the inline read models written in the same transaction and the API's daemon
    /// projecting it. Nothing is recorded on it afterwards.
    /// </summary>
    private async Task RecordCaseFortyDaysAgoAsync(CoalitionCalendar calendar, DateOnly openedOn)
    {
        var id = Guid.CreateVersion7();
        await using var session = App.Host.Services.GetRequiredService<Marten.IDocumentStore>().LightweightSession();
        session.Events.StartStream<PivotCase.Api.Cases.Case>(id, new CaseOpened(id, Worker.Organization, Worker.Sub, AccessPoint.Community,
            [ExploitationType.ForcedLabour], TraffickingScope.International, AgeGroup.From25To34, Gender.Woman, "06", openedOn,
            calendar.StartOf(openedOn), PersonalDetails: null, Worker.Sub, DateTimeOffset.UtcNow.AddDays(-40)));
        await session.SaveChangesAsync();
    }

    private static async Task<Guid> OpenAsync(HttpClient client, object body) =>
        (await PostAsync(client, "/api/cases", body))["id"]!.GetValue<Guid>();

    private static async Task<JsonNode> PostAsync(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsync(url, JsonContent.Create(body));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new Xunit.Sdk.XunitException($"Seeding failed: POST {url} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task<JsonNode> DashboardFromApiAsync(ApiProcess api, string token, string url = "/api/dashboard")
    {
        using var client = api.Client(token);
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(200, text);
        return JsonNode.Parse(text)!;
    }

    /// <summary>A fresh browser context on the page, in English, recording console errors and failed scripts.</summary>
    private static async Task<(IPage Page, List<string> Problems)> OpenPageAsync(IBrowser browser, ApiProcess api)
    {
        var context = await browser.NewContextAsync(new()
        {
            Locale = "en-CA", TimezoneId = "America/Toronto", ViewportSize = new() { Width = 1280, Height = 900 }
        });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning") problems.Add($"{message.Type}: {message.Text} ({message.Location})");
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        page.RequestFailed += (_, request) => problems.Add($"request failed: {request.Url} {request.Failure}");

        var response = await page.GotoAsync(new Uri(api.BaseAddress, "/dashboard").ToString());
        response!.Status.ShouldBe(200);
        await page.WaitForFunctionAsync("() => document.body.dataset.state === 'signed-out' && typeof Chart === 'function'");
        return (page, problems);
    }

    private static async Task SignInAsync(IPage page, string token)
    {
        await page.GetByLabel("Access token").Or(page.GetByLabel("Jeton d’accès")).FillAsync(token);
        await page.Locator("#sign-in-button").ClickAsync();
    }

    /// <summary>
    /// Generous: a freshly started API process answers its first calls slowly (JIT, first queries), seconds on a busy
    /// two-core machine.
    /// </summary>
    private static Task WaitForStateAsync(IPage page, string state) =>
        page.WaitForFunctionAsync($"() => document.body.dataset.state === '{state}'", null, new() { Timeout = 90_000 });

    /// <summary>Each list of the API's answer is one table row per item (an empty list: no table, a sentence).</summary>
    private static async Task ShouldShowEveryRowAsync(IPage page, JsonNode expected)
    {
        var tables = new Dictionary<string, int>
        {
            ["workers-table"] = expected["casesByWorker"]!.AsArray().Count,
            ["crisis-table"] = expected["crisisWindow"]!.AsArray().Count,
            ["overdue-table"] = expected["overdueSteps"]!.AsArray().Count,
            ["deadlines-table"] = expected["deadlines"]!.AsArray().Count,
            ["referrals-table"] = expected["pendingReferrals"]!.AsArray().Count,
            ["inactive-table"] = expected["inactiveCases"]!.AsArray().Count,
            ["assessments-table"] = expected["assessmentsDue"]!.AsArray().Count,
            ["incidents-table"] = expected["incidentsAwaitingNotice"]!.AsArray().Count,
            ["recovery-table"] = expected["recovery"]!["averageChange"]!.AsObject().Count
        };
        foreach (var (table, rows) in tables)
            (await page.Locator($"#{table} tbody tr").CountAsync()).ShouldBe(rows, table);

        var summary = new Dictionary<string, int>
        {
            ["crisis-count"] = tables["crisis-table"], ["overdue-count"] = tables["overdue-table"],
            ["deadlines-count"] = tables["deadlines-table"], ["referrals-count"] = tables["referrals-table"],
            ["inactive-count"] = tables["inactive-table"], ["assessments-due-count"] = tables["assessments-table"],
            ["incidents-count"] = tables["incidents-table"],
            ["assessed-count"] = expected["recovery"]!["casesAssessed"]!.GetValue<int>()
        };
        foreach (var (figure, value) in summary)
            (await page.Locator($"#{figure}").InnerTextAsync()).ShouldBe(value.ToString(), figure);

        var caseIds = await page.Locator("#crisis-table tbody th[scope=row]").AllInnerTextsAsync();
        caseIds.ShouldBe(expected["crisisWindow"]!.AsArray().Select(row => row!["caseId"]!.GetValue<string>()));
        var overdueIds = await page.Locator("#overdue-table tbody td.id").AllInnerTextsAsync();
        overdueIds.ShouldBe(expected["overdueSteps"]!.AsArray().Select(row => row!["stepId"]!.GetValue<string>()));
    }

    /// <summary>
    /// Each chart plots the API's figures: loads per worker, hours left per case (within 0.2 h: the page asked the API a
    /// few seconds after the test did, and hours left are recomputed on every request), every deadline's days left, the
    /// average changes in the instrument's order of domains.
    /// </summary>
    private static async Task ShouldChartWhatTheApiReturnsAsync(IPage page, JsonNode expected)
    {
        var charted = JsonNode.Parse(await page.EvaluateAsync<string>("""
            () => JSON.stringify({
              workers: Chart.getChart('workers-chart').data.labels.map((label, i) => label + '=' + Chart.getChart('workers-chart').data.datasets[0].data[i]),
              crisis: Chart.getChart('crisis-chart').data.labels.map((label, i) => ({ label, hours: Chart.getChart('crisis-chart').data.datasets[0].data[i] })),
              deadlines: Chart.getChart('deadlines-chart').data.datasets.flatMap(set => set.data.map(point => point.caseId + '=' + point.x)),
              recovery: Chart.getChart('recovery-chart').data.labels.map((label, i) => label + '=' + Chart.getChart('recovery-chart').data.datasets[0].data[i])
            })
            """))!;

        Strings(charted["workers"]).ShouldBe(expected["casesByWorker"]!.AsArray()
            .Select(load => $"{load!["worker"]!.GetValue<string>()}={load["open"]!.GetValue<int>()}"));
        var crisisCases = expected["crisisWindow"]!.AsArray();
        charted["crisis"]!.AsArray().Select(bar => bar!["label"]!.GetValue<string>())
            .ShouldBe(crisisCases.Select(crisis => "…" + crisis!["caseId"]!.GetValue<Guid>().ToString()[^8..]));
        charted["crisis"]!.AsArray().Zip(crisisCases).ShouldAllBe(pair =>
            Math.Abs(pair.First!["hours"]!.GetValue<double>() - pair.Second!["hoursLeft"]!.GetValue<double>()) <= 0.2);
        Strings(charted["deadlines"]).ShouldBe(expected["deadlines"]!.AsArray()
            .Select(deadline => $"{deadline!["caseId"]!.GetValue<Guid>()}={deadline["daysLeft"]!.GetValue<int>()}"), ignoreOrder: true);
        Strings(charted["recovery"]).ShouldBe(expected["recovery"]!["averageChange"]!.AsObject()
            .Select(change => $"{RecoveryLabels[change.Key]}={change.Value!.GetValue<double>().ToString(CultureInfo.InvariantCulture)}"));

        static IEnumerable<string> Strings(JsonNode? node) => node!.AsArray().Select(value => value!.GetValue<string>());
    }

    private static readonly Dictionary<string, string> RecoveryLabels = new()
    {
        ["safety"] = "Safety", ["housing"] = "Housing", ["basic_needs"] = "Basic needs", ["physical_health"] = "Physical health",
        ["mental_health"] = "Mental health", ["legal_protection"] = "Legal protection", ["immigration_status"] = "Immigration status",
        ["income"] = "Income", ["employment_education"] = "Employment and education", ["social_support"] = "Social support"
    };

    private static async Task ShouldShowWorkerLoadsAsync(IPage page, JsonNode expected)
    {
        foreach (var load in expected["casesByWorker"]!.AsArray())
        {
            var row = page.Locator("#workers-table tbody tr", new() { Has = page.Locator($"th:text-is('{load!["worker"]}')") });
            (await row.Locator("td").InnerTextAsync()).ShouldBe(load["open"]!.GetValue<int>().ToString());
        }
    }
}
