using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;

namespace PivotCase.Api.Dashboards;

/// <summary>
/// The supervisor dashboard: its read model (caseload rows, projected asynchronously) and its page. The page is static
/// files (HTML, JavaScript, CSS, vendored Chart.js) served anonymously under <c>/dashboard</c>. Only the page shell is
/// public; its data comes from <c>GET /api/dashboard</c>, which the page calls with the bearer token the supervisor
/// pastes. In Development, <c>/dashboard/dev-token</c> also mints a token.
/// </summary>
public static class Configuration
{
    public const string PagePath = "/dashboard";

    /// <summary>Where the page's files are: copied beside the assembly at build and publish time.</summary>
    public static readonly string FilesFolder = Path.Combine(AppContext.BaseDirectory, "Dashboards", "wwwroot");

    /// <summary>
    /// No inline script or style, no other origin: the page's own files and its calls to this API only.
    /// Chart.js styles its canvases through the CSSOM, which style-src does not restrict.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static readonly TimeSpan DevelopmentTokenLifetime = TimeSpan.FromHours(8);

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    public static void ConfigureDashboards(this StoreOptions options)
    {
        options.Projections.Add<CaseloadProjection>(ProjectionLifecycle.Async, daemon => daemon.BatchSize = Storage.AsyncProjectionBatchSize);
        // The dashboard reads "organization = @org OR data @> {pendingReferralTargets: [@org]}". A B-tree on the array
        // cannot serve that containment test, so PostgreSQL scanned every caseload row of the coalition for each dashboard
        // (about 0.6 s at 100,000 cases); a GIN index on the document (jsonb_path_ops) turns it into a BitmapOr of two
        // index scans (well under a millisecond). The rows are written by the async daemon, off the request path.
        options.Schema.For<CaseloadEntry>()
            .Duplicate(entry => entry.Organization)
            .GinIndexJsonData();
    }

    public static WebApplication MapDashboardPage(this WebApplication app)
    {
        var files = new PhysicalFileProvider(FilesFolder);
        var developmentLogin = app.Environment.IsDevelopment();

        // Anonymous on purpose: the fallback policy (an authenticated member for every endpoint) would otherwise
        // refuse the page before the supervisor could paste a token. Nothing here reads or returns case data.
        var page = app.MapGroup(PagePath)
            .AllowAnonymous()
            .ExcludeFromDescription()
            .AddEndpointFilter(async (context, next) =>
            {
                AddSecurityHeaders(context.HttpContext.Response);
                return await next(context);
            });

        page.MapMethods("", GetOrHead, (HttpContext context) => ServeFile(files, "index.html", context));
        page.MapGet("/settings.json", () => Results.Json(new PageSettings(developmentLogin)));
        if (developmentLogin) page.MapGet("/dev-token", MintDevelopmentToken);
        page.MapMethods("/{**path}", GetOrHead, (string path, HttpContext context) => ServeFile(files, path, context));

        return app;
    }

    /// <summary>What the page needs to know about this server.</summary>
    public sealed record PageSettings(bool DevelopmentLogin);

    public sealed record DevelopmentToken(string Token, DateTimeOffset ExpiresAt);

    /// <summary>
    /// Development only (never mapped elsewhere): a token for the page, signed with the development key, like
    /// <c>./token.sh</c>. The real clock is used, as the JWT handler checks lifetimes against it.
    /// </summary>
    private static IResult MintDevelopmentToken(
        HttpContext context, IConfiguration configuration, string? role, string? org, string? sub)
    {
        context.Response.Headers.CacheControl = "no-store";
        role ??= Roles.Supervisor;
        org ??= "cathii";
        sub ??= "supervisor-1";
        if (!Roles.All.Contains(role) || !IsIdentifier(org) || !IsIdentifier(sub))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
                detail: $"role must be one of {string.Join(", ", Roles.All)}; org and sub are short identifiers.");

        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        if (auth.SigningKey is null) return Results.NotFound();

        var now = DateTimeOffset.UtcNow;
        var token = DevelopmentTokens.Create(auth, sub, $"Development {role}", org, [role], now, DevelopmentTokenLifetime);
        return Results.Json(new DevelopmentToken(token, now + DevelopmentTokenLifetime));
    }

    private static bool IsIdentifier(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static IResult ServeFile(IFileProvider files, string path, HttpContext context)
    {
        // The provider refuses paths that leave its folder and hidden files; only known file types are served.
        var file = files.GetFileInfo(path);
        if (!file.Exists || file.IsDirectory || file.PhysicalPath is null
            || !ContentTypes.TryGetContentType(file.Name, out var contentType))
            return Results.NotFound();

        if (contentType.StartsWith("text/", StringComparison.Ordinal) || contentType.EndsWith("javascript", StringComparison.Ordinal))
            contentType += "; charset=utf-8";
        var lastModified = file.LastModified;
        var tag = new EntityTagHeaderValue($"\"{lastModified.UtcTicks ^ file.Length:x}\"");
        context.Response.Headers.CacheControl = "no-cache";
        return Results.File(file.PhysicalPath, contentType, lastModified: lastModified, entityTag: tag);
    }

    private static void AddSecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XFrameOptions = "DENY";
    }
}
