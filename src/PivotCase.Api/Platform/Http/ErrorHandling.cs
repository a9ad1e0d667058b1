using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using JasperFx;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace PivotCase.Api.Platform.Http;

/// <summary>
/// Turns every failure into RFC 9457 problem+json without leaking internals: concurrency conflicts become 409,
/// JSON the deserializer rejects becomes a 400 naming the field, anything unexpected a bare 500.
/// </summary>
public static partial class ErrorHandling
{
    public const long MaxRequestBodyBytes = 256 * 1024;

    public static IServiceCollection AddPivotCaseErrorHandling(this IServiceCollection services)
    {
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance = null;
            context.ProblemDetails.Extensions.Remove("traceId");
            if (context.ProblemDetails.Title == WolverineInvalidJsonTitle)
                DescribeInvalidJson(context.ProblemDetails, context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType);
            if (context.ProblemDetails.Title == WolverineInvalidQueryTitle) DescribeInvalidQuery(context.ProblemDetails);
            context.ProblemDetails.Detail ??= DefaultDetail(context.ProblemDetails.Status);
            // The API's only 503 is a case whose upgrade an administrator has not finished (Problems.UpgradeUnfinished).
            if (context.ProblemDetails.Status == StatusCodes.Status503ServiceUnavailable)
                context.HttpContext.Response.Headers.RetryAfter = UpgradeRetryAfterSeconds;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddSingleton(typeof(ILogger<>), typeof(UnreadableBodyLogging<>));
        return services;
    }

    public const string UpgradeRetryAfterSeconds = "120";

    public static IApplicationBuilder UsePivotCaseErrorHandling(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimit>();
        return app;
    }

    /// <summary>For the answers the framework gives without a word (status code pages: no token, a role refused, no route).</summary>
    private static string? DefaultDetail(int? status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is not valid for this endpoint.",
        StatusCodes.Status401Unauthorized => "A valid bearer token is required.",
        StatusCodes.Status403Forbidden => "Your role may not use this endpoint.",
        StatusCodes.Status404NotFound => "Nothing at this address is visible to you.",
        StatusCodes.Status405MethodNotAllowed => "This address does not accept this method.",
        StatusCodes.Status406NotAcceptable => "This endpoint cannot answer in the media type the Accept header asks for.",
        StatusCodes.Status415UnsupportedMediaType => "Send the request body as application/json.",
        _ => null
    };

    private const string WolverineInvalidJsonTitle = "Invalid JSON format";
    private const string WolverineInvalidQueryTitle = "Invalid query string value";
    private const string ConversionFailure = "The JSON value could not be converted";

    /// <summary>
    /// The deserializer's message names .NET types; keep only the JSON path, as a field error.
    /// </summary>
    private static void DescribeInvalidJson(ProblemDetails problem, Type? requestType)
    {
        var message = problem.Detail ?? string.Empty;
        var path = JsonPath().Match(message);
        var field = path.Success && message.StartsWith(ConversionFailure, StringComparison.Ordinal)
            ? FieldName(path.Groups["path"].Value, requestType)
            : null;

        problem.Title = "Invalid request";
        problem.Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1";
        problem.Extensions.Remove("lineNumber");
        problem.Extensions.Remove("bytePositionInLine");
        if (field is null)
        {
            problem.Detail = "The request body is not valid JSON for this endpoint.";
            return;
        }

        problem.Detail = "One or more fields are invalid.";
        problem.Extensions["errors"] = new Dictionary<string, string[]>
        {
            [field] = ["The value is malformed or not one of the allowed values."]
        };
    }

    /// <summary>Wolverine's message echoes the raw value and the .NET type: keep the parameter name only.</summary>
    private static void DescribeInvalidQuery(ProblemDetails problem)
    {
        var parameter = problem.Extensions.TryGetValue("parameter", out var name) ? name?.ToString() : null;
        problem.Title = "Invalid request";
        problem.Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1";
        problem.Detail = "One or more query string values are invalid.";
        problem.Extensions.Remove("parameter");
        if (parameter is not null)
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [parameter] = ["The value is not valid here."] };
    }

    /// <summary>
    /// The JSON path as a field name, as far as it follows the request's own members: a property of the request type, an
    /// index into a list, or a dictionary key that is one of the key enumeration's contract names. Any other key is the
    /// client's own text, which may be anything it typed: the field is then the dictionary itself, never the key echoed.
    /// A trailing index is dropped (the field is the list).
    /// </summary>
    private static string? FieldName(string jsonPath, Type? requestType)
    {
        var field = new StringBuilder();
        var type = requestType;
        // Token after token from the start: a key whose text looks like a path must not be read as one.
        for (var token = PathToken().Match(jsonPath, 1); token.Success && type is not null; token = token.NextMatch())
        {
            var name = token.Groups["name"].Success ? token.Groups["name"].Value
                : token.Groups["key"].Success ? token.Groups["key"].Value
                : null;
            if (name is null)
            {
                if (DictionaryTypes(type) is not null || ElementType(type) is not { } element) break;
                field.Append('[').Append(token.Groups["index"].Value).Append(']');
                type = element;
                continue;
            }

            Type? next;
            if (DictionaryTypes(type) is { } dictionary)
                next = dictionary.Key.IsEnum && Json.IsContractName(dictionary.Key, name) ? dictionary.Value : null;
            else
                next = type.GetProperties().FirstOrDefault(property =>
                    string.Equals(JsonNamingPolicy.CamelCase.ConvertName(property.Name), name, StringComparison.OrdinalIgnoreCase))?.PropertyType;
            if (next is null) break;
            if (field.Length > 0) field.Append('.');
            field.Append(name);
            type = Nullable.GetUnderlyingType(next) ?? next;
        }

        var named = ArrayIndex().Replace(field.ToString(), string.Empty);
        return named.Length == 0 ? null : named;
    }

    private static (Type Key, Type Value)? DictionaryTypes(Type type) =>
        type.GetInterfaces().Append(type)
            .Where(candidate => candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
            .Select(candidate => ((Type Key, Type Value)?)(candidate.GetGenericArguments()[0], candidate.GetGenericArguments()[1]))
            .FirstOrDefault();

    private static Type? ElementType(Type type) => type == typeof(string)
        ? null
        : type.GetInterfaces().Append(type)
            .FirstOrDefault(candidate => candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            ?.GetGenericArguments()[0];

    [GeneratedRegex(@"Path: (?<path>\$[^ |]*)")]
    private static partial Regex JsonPath();

    /// <summary>
    /// System.Text.Json's path after <c>$</c>: <c>.name</c>, <c>[0]</c>, or <c>['key']</c> (a quote escaped as <c>\'</c>)
    /// for a name it cannot write after a dot; each token must follow the one before (<c>\G</c>).
    /// </summary>
    [GeneratedRegex(@"\G(?:\.(?<name>[^.\['\\]+)|\[(?<index>\d+)\]|\['(?<key>(?:[^'\\]|\\.)*)'\])")]
    private static partial Regex PathToken();

    [GeneratedRegex(@"\[\d+\]$")]
    private static partial Regex ArrayIndex();

    private sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
        : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken token)
        {
            var problem = exception switch
            {
                ConcurrencyException or ExistingStreamIdCollisionException =>
                    Problems.Conflict("What this request changes was changed by another request meanwhile: reload it and try again."),
                DocumentAlreadyExistsException =>
                    Problems.Conflict("Something with this identifier was created while this request was processed."),
                BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => TooLarge(),
                BadHttpRequestException bad => new ProblemDetails
                {
                    Status = bad.StatusCode, Title = "Bad request", Detail = "The request could not be read."
                },
                _ when IsUnstorableText(exception) => new ProblemDetails
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "Invalid request",
                    Detail = "A text holds a NUL character (\\u0000), which cannot be stored: remove it and send the request again."
                },
                _ => null
            };

            if (problem is null)
            {
                logger.LogError(exception, "Unhandled failure on {Method} {Route}", context.Request.Method,
                    context.GetEndpoint()?.DisplayName);
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Title = "Internal error",
                    // A failure can come after the commit (a connection lost during COMMIT, the answer failing to
                    // write): only a retry under the same key is known to record the write once.
                    Detail = "The request failed and may have been recorded. Send it again with the same Idempotency-Key " +
                             "to have it recorded once; without a key, check what was recorded before sending it again."
                };
            }

            context.Response.StatusCode = problem.Status!.Value;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context, ProblemDetails = problem, Exception = exception
            });
        }
    }

    /// <summary>
    /// PostgreSQL refuses U+0000 in a jsonb string (22P05) or a text parameter (22021), so nothing was stored. Caught here
    /// rather than when the body is read: a JSON converter for every string would hide the strings' type from the
    /// OpenAPI document.
    /// </summary>
    private static bool IsUnstorableText(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
            if (current is Npgsql.PostgresException
                {
                    SqlState: Npgsql.PostgresErrorCodes.UntranslatableCharacter or Npgsql.PostgresErrorCodes.CharacterNotInRepertoire
                })
                return true;
        return false;
    }

    private static ProblemDetails TooLarge() => new()
    {
        Status = StatusCodes.Status413PayloadTooLarge,
        Title = "Payload too large",
        Detail = $"Request bodies are limited to {MaxRequestBodyBytes / 1024} KB."
    };

    /// <summary>
    /// Answers 413 before any endpoint runs: from Content-Length when given, else by buffering a chunked body up to the limit.
    /// </summary>
    private sealed class RequestBodyLimit(RequestDelegate next)
    {
        public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
        {
            var request = context.Request;
            var streamedBody = request.ContentLength is null
                               && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true;
            var tooLarge = request.ContentLength > MaxRequestBodyBytes
                           || streamedBody && !await BufferWithinLimit(request, context.RequestAborted);

            if (tooLarge)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = TooLarge() });
                return;
            }

            await next(context);
        }

        private static async Task<bool> BufferWithinLimit(HttpRequest request, CancellationToken token)
        {
            request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: MaxRequestBodyBytes);
            try
            {
                await request.Body.CopyToAsync(Stream.Null, token);
            }
            catch (IOException)
            {
                return false;
            }

            request.Body.Position = 0;
            // Now that the length is known, an empty streamed body reads as "no body" to the endpoints.
            request.ContentLength = request.Body.Length;
            return true;
        }
    }
}
