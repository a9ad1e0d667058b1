using JasperFx.CodeGeneration;
using PivotCase.Api.Platform;

namespace PivotCase.Tests.Support;

/// <summary>
/// The Wolverine code checked in under src/PivotCase.Api/Internal/Generated, which the API runs (TypeLoadMode.Static,
/// ADR 0015): a chain's <c>SourceCode</c> stays empty because nothing is generated at run time.
/// </summary>
public static class CheckedInGeneratedCode
{
    public static string Folder { get; } = FindFolder();

    /// <summary>The adapter the API runs for this chain; GeneratedCodeTests keeps it equal to what Wolverine generates now.</summary>
    public static string SourceOf(ICodeFile chain) =>
        File.ReadAllText(System.IO.Directory.EnumerateFiles(Folder, chain.FileName + ".cs", SearchOption.AllDirectories).Single());

    private static string FindFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "PivotCase.sln")))
                return Path.Combine(directory.FullName, "src", "PivotCase.Api", GeneratedCode.Folder);
        throw new InvalidOperationException($"PivotCase.sln not found above {AppContext.BaseDirectory}.");
    }
}
