using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace PivotCase.Api.Platform.Http;

/// <summary>
/// ASP.NET's problem writer declines when the request's <c>Accept</c> rules JSON out, and the refusal then turns into an
/// empty 500 (a 429 loses its <c>Retry-After</c>). A client asking for CSV statistics is refused like any other: this
/// writer, consulted first, takes exactly those requests and writes the problem as <c>application/problem+json</c>
/// anyway; every other request goes to ASP.NET's writer as before.
/// </summary>
public sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    private static readonly MediaTypeHeaderValue[] JsonTypes =
        [new("application/json"), new("application/problem+json")];

    public bool CanWrite(ProblemDetailsContext context)
    {
        var accept = context.HttpContext.Request.GetTypedHeaders().Accept;
        return accept.Count > 0 && !accept.Any(range => JsonTypes.Any(json => json.IsSubsetOf(range)));
    }

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var response = context.HttpContext.Response;
        var problem = context.ProblemDetails;
        problem.Status ??= response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(response.WriteAsJsonAsync(problem, typeof(ProblemDetails), options: null, "application/problem+json"));
    }
}
