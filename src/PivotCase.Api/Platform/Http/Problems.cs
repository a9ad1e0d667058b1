using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace PivotCase.Api.Platform.Http;

/// <summary>The RFC 9457 answers the endpoints give; every detail is written for the client, never internal.</summary>
public static class Problems
{
    public static ProblemDetails None => WolverineContinue.NoProblems;

    public static ProblemDetails NotFound(string what = "case") => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Not found",
        Detail = $"No {what} with this id is visible to you."
    };

    public static ProblemDetails Forbidden(string detail) => new()
    {
        Status = StatusCodes.Status403Forbidden,
        Title = "Forbidden",
        Detail = detail
    };

    public static ProblemDetails Conflict(string detail) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = "Conflict",
        Detail = detail
    };

    public static ProblemDetails StaleVersion(long expected, long actual, string what = "case") =>
        Conflict($"The {what} is at version {actual}, not {expected}: reload it and try again.");

    /// <summary>
    /// A case whose stored models predate this version of PivotCase (<c>Case.Layout</c>), or whose read model is being
    /// rebuilt: the administrator's upgrade step is not finished yet.
    /// </summary>
    public static ProblemDetails UpgradeUnfinished() => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "Service unavailable",
        Detail = "The case cannot take this change until an administrator finishes an upgrade of PivotCase; try again later."
    };

    public static ProblemDetails MissingBody() => new()
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "Invalid request",
        Detail = "The request body must be a JSON object."
    };

    public static ProblemDetails Invalid(ValidationErrors errors) => errors.IsEmpty ? None : Invalid(errors.ToDictionary());

    public static ProblemDetails Invalid(IDictionary<string, string[]> errors) => new()
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "Invalid request",
        Detail = "One or more fields are invalid.",
        Extensions = { ["errors"] = errors }
    };
}
