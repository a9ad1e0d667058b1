using JasperFx.CodeGeneration;
using Wolverine;

namespace PivotCase.Api.Platform;

/// <summary>
/// Wolverine's HTTP endpoints and message handlers run from the C# checked in under <c>Internal/Generated</c>
/// (written by scripts/codegen.sh, compiled with the rest of the API), in every environment and in the tests.
/// </summary>
public static class GeneratedCode
{
    public const string Folder = "Internal/Generated";

    /// <summary>
    /// Static rather than Auto: a chain without its pre-generated type fails the first request instead of being
    /// compiled with Roslyn, which the API does not even reference (no compiler in memory, no compile at first request).
    /// The types are matched by name only, so stale code is caught by GeneratedCodeTests, not here.
    /// </summary>
    public static void UsePreGeneratedCode(this WolverineOptions options) =>
        options.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
}
