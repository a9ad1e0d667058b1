namespace PivotCase.Api.Platform.Http;

/// <summary>
/// api.md writes list filters as a template, <c>?domain=&amp;region=&amp;available24h=&amp;language=</c>, and a client that
/// fills it in sends the filters it leaves blank as empty values. An empty value means what no value means: the query
/// parameters whose values are all empty are dropped before any endpoint binds them, so a blank filter is no filter
/// (it was a 400, "not a service domain").
/// </summary>
public static class EmptyQueryValues
{
    public static IApplicationBuilder UseEmptyQueryValuesAsAbsent(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var query = context.Request.Query;
        if (query.Any(parameter => parameter.Value.All(string.IsNullOrEmpty)))
            context.Request.Query = new QueryCollection(query
                .Where(parameter => !parameter.Value.All(string.IsNullOrEmpty))
                .ToDictionary(parameter => parameter.Key, parameter => parameter.Value));
        return next(context);
    });
}
