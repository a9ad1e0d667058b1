using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Alba;
using Microsoft.AspNetCore.Hosting;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Dashboards;

/// <summary>
/// How the API serves the dashboard page: the shell and its assets anonymously (the fallback policy still guards every
/// other route), with a strict Content-Security-Policy, and the development token helper in Development only.
/// </summary>
public sealed partial class DashboardPageServingTests(AppFixture app) : IntegrationTest(app)
{
    private const string PageFolder = "Dashboards/wwwroot";

    [Theory]
    [InlineData("/dashboard", "text/html")]
    [InlineData("/dashboard/", "text/html")]
    [InlineData("/dashboard/dashboard.js", "text/javascript")]
    [InlineData("/dashboard/i18n.js", "text/javascript")]
    [InlineData("/dashboard/dashboard.css", "text/css")]
    [InlineData("/dashboard/favicon.svg", "image/svg+xml")]
    [InlineData("/dashboard/vendor/chart.js/chart.umd.min.js", "text/javascript")]
    public async Task The_page_and_its_assets_are_served_without_a_token_under_a_strict_policy(string url, string contentType)
    {
        var response = await Get(url, null, 200);

        response.ContentType.ShouldStartWith(contentType);
        response.Headers["Content-Security-Policy"].ShouldBe(PivotCase.Api.Dashboards.Configuration.ContentSecurityPolicy);
        response.Headers["Content-Security-Policy"].ShouldContain("script-src 'self';");
        response.Headers["Content-Security-Policy"].ShouldNotContain("unsafe");
        response.Headers["X-Content-Type-Options"].ShouldBe("nosniff");
        response.Headers["Referrer-Policy"].ShouldBe("no-referrer");
        response.Headers["Cache-Control"].ShouldBe("no-cache");
        response.Headers.ShouldContainKey("ETag");
    }

    [Theory]
    [InlineData("/dashboard/missing.js")]
    [InlineData("/dashboard/vendor")]
    [InlineData("/dashboard/..%2Fappsettings.json")]
    [InlineData("/dashboard/%2Fetc%2Fpasswd")]
    public async Task Anything_else_under_the_page_is_not_found(string url) => await Get(url, null, 404);

    [Fact]
    public async Task The_data_and_the_rest_of_the_api_still_require_a_token()
    {
        await Get("/api/dashboard", null, 401);
        await Get("/api/cases", null, 401);
        await Get("/dashboardx", null, 401);
    }

    [Fact]
    public async Task The_page_holds_no_inline_script_style_or_handler_and_loads_nothing_from_another_origin()
    {
        var html = (await Get("/dashboard", null, 200)).Body;

        InlineScript().IsMatch(html).ShouldBeFalse("every <script> has a src");
        html.ShouldNotContain("<style", Case.Insensitive);
        InlineHandler().IsMatch(html).ShouldBeFalse("no on…= attribute");
        StyleAttribute().IsMatch(html).ShouldBeFalse("no style= attribute");
        ExternalReference().IsMatch(html).ShouldBeFalse("no http(s):// or protocol-relative src or href");
        html.ShouldContain("<html lang=\"en\">");
        // Sent by the browser itself (before dashboard.js takes the form over), the form must not put the token in a URL.
        html.ShouldContain("<form id=\"sign-in-form\" method=\"post\"");
        html.ShouldContain("<textarea id=\"token\" rows=");

        foreach (var script in new[] { "dashboard.js", "i18n.js" })
        {
            var code = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, PageFolder, script));
            code.ShouldNotContain("innerHTML");
            code.ShouldNotContain("eval(");
            code.ShouldNotContain("new Function");
            ExternalReference().IsMatch(code).ShouldBeFalse(script);
        }
    }

    [Fact]
    public async Task The_vendored_chart_library_carries_its_licence_and_version()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, PageFolder, "vendor", "chart.js");
        (await File.ReadAllTextAsync(Path.Combine(folder, "chart.umd.min.js"))).ShouldStartWith("/*!\n * Chart.js v4.6.1");
        (await File.ReadAllTextAsync(Path.Combine(folder, "LICENSE.md"))).ShouldContain("MIT License");
        (await File.ReadAllTextAsync(Path.Combine(folder, "README.md"))).ShouldContain("4.6.1");
    }

    [Fact]
    public async Task In_development_the_page_offers_a_token_helper_whose_supervisor_token_reads_the_dashboard()
    {
        (await Get("/dashboard/settings.json", null, 200)).Json["developmentLogin"]!.GetValue<bool>().ShouldBeTrue();

        var minted = await Get("/dashboard/dev-token?role=supervisor&org=cathii&sub=supervisor-1", null, 200);

        minted.Headers["Cache-Control"].ShouldBe("no-store");
        var token = minted.Json["token"]!.GetValue<string>();
        var dashboard = await Send(HttpMethod.Get, "/api/dashboard", null, "Bearer " + token, 200);
        dashboard.Json["organization"]!.GetValue<string>().ShouldBe("cathii");
        await Get("/dashboard/dev-token?role=root", null, 400);
        await Get("/dashboard/dev-token?org=" + new string('x', 65), null, 400);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Outside_development_there_is_no_token_helper(string environment)
    {
        await using var host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("ConnectionStrings:PivotCase", App.ConnectionString);
            builder.UseSetting("Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
            builder.UseSetting("Privacy:MasterKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        });

        async Task<(int Status, string Body)> Read(string url)
        {
            var result = await host.Scenario(scenario =>
            {
                scenario.Get.Url(url);
                scenario.IgnoreStatusCode();
            });
            return (result.Context.Response.StatusCode, await result.ReadAsTextAsync());
        }

        (await Read("/dashboard/dev-token")).Status.ShouldBe(404);
        (await Read("/dashboard/dev-token?role=supervisor&org=cathii&sub=supervisor-1")).Status.ShouldBe(404);
        var settings = await Read("/dashboard/settings.json");
        settings.Status.ShouldBe(200);
        settings.Body.ShouldBe("""{"developmentLogin":false}""");
        var page = await Read("/dashboard");
        page.Status.ShouldBe(200);
        page.Body.ShouldContain("<h1");
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    [GeneratedRegex(@"\sstyle\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttribute();

    [GeneratedRegex(@"(src|href)\s*=\s*[""']?(https?:)?//|fetch\(\s*[""'`]https?:", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
