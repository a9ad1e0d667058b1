namespace PivotCase.Api.Platform.Http;

/// <summary>
/// Every answer under <c>/api</c> says <c>Cache-Control: no-store</c>: a case read or an export carries personal details in
/// clear, and a browser's or an HTTP client's cache would keep them on disk, out of reach of an erasure.
/// </summary>
public static class NoStore
{
    public static IApplicationBuilder UseNoStoreForApiAnswers(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.Path.StartsWithSegments("/api"))
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
        return next(context);
    });
}
