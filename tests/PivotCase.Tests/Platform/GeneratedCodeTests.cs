using System.Security.Cryptography;
using Alba;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Model;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using PivotCase.Api.Platform;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Platform;

/// <summary>
/// <see cref="DynamicCodeBuilder.WithinCodegenCommand"/> is process-wide and changes how any Wolverine host starts,
/// so these tests run alone, after the parallel collections.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CodegenCollection
{
    public const string Name = "codegen";
}

/// <summary>
/// The API runs the Wolverine code checked in under Internal/Generated (TypeLoadMode.Static), which finds its types by
/// name only: a changed endpoint, middleware or policy would otherwise keep running its old code without any compile
/// error, and a new endpoint would be missing from the generated endpoint registry (404). Each test regenerates the
/// code for the application as it is now, with the same code path as <c>codegen write</c>, and compares it with the
/// checked-in files.
/// </summary>
[Collection(CodegenCollection.Name)]
public sealed class GeneratedCodeTests
{
    /// <summary>scripts/codegen.sh generates in Development; Production must run exactly that code.</summary>
    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task The_checked_in_generated_code_is_what_codegen_writes_for_the_current_application(string environment)
    {
        var regenerated = System.IO.Directory.CreateTempSubdirectory("pivotcase-codegen-").FullName;
        try
        {
            await WriteGeneratedCodeAsync(environment, regenerated);

            var expected = SourceFiles(regenerated);
            expected.ShouldNotBeEmpty();
            var checkedIn = SourceFiles(CheckedInGeneratedCode.Folder);

            var stale = expected.Keys.Union(checkedIn.Keys).Order(StringComparer.Ordinal)
                .Select(file => (file, problem: Compare(expected.GetValueOrDefault(file), checkedIn.GetValueOrDefault(file))))
                .Where(entry => entry.problem is not null)
                .Select(entry => $"{entry.file} ({entry.problem})")
                .ToList();
            stale.ShouldBeEmpty(
                $"The generated code under src/PivotCase.Api/{GeneratedCode.Folder} is stale ({environment}): run scripts/codegen.sh " +
                "and commit the result. Stale files: " + string.Join(", ", stale));
        }
        finally
        {
            System.IO.Directory.Delete(regenerated, recursive: true);
        }
    }

    private static async Task WriteGeneratedCodeAsync(string environment, string folder)
    {
        await using var database = await TestDatabase.StartAsync();
        // As in `codegen write`: endpoints and handlers are discovered by scanning the assembly, not read back from the
        // checked-in registries, and no pre-generated type is looked up.
        DynamicCodeBuilder.WithinCodegenCommand = true;
        try
        {
            await using var host = await AlbaHost.For<Program>(builder =>
            {
                builder.UseEnvironment(environment);
                builder.UseSetting("ConnectionStrings:PivotCase", database.ConnectionString);
                if (environment != "Development")
                {
                    builder.UseSetting("Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
                    builder.UseSetting("Privacy:MasterKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
                }
            });

            var collections = host.Services.GetServices<ICodeFileCollection>().ToArray();
            foreach (var collection in collections) collection.Rules.GeneratedCodeOutputPath = folder;
            var builder = new DynamicCodeBuilder(host.Services, collections)
            {
                ServiceVariableSource = host.Services.GetService<IServiceVariableSource>()
            };
            builder.WriteGeneratedCode(_ => { });
        }
        finally
        {
            DynamicCodeBuilder.WithinCodegenCommand = false;
        }
    }

    private static string? Compare(string? expected, string? checkedIn) => (expected, checkedIn) switch
    {
        (null, _) => "no longer generated",
        (_, null) => "missing",
        _ when expected != checkedIn => "differs",
        _ => null
    };

    private static Dictionary<string, string> SourceFiles(string folder) => System.IO.Directory.Exists(folder)
        ? System.IO.Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).ToDictionary(
            file => Path.GetRelativePath(folder, file).Replace('\\', '/'),
            file => File.ReadAllText(file).ReplaceLineEndings("\n"))
        : [];
}
