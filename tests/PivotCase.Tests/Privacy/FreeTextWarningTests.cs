using System.Text.Json.Nodes;
using PivotCase.Api.Platform;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Privacy;

/// <summary>
/// Free text is stored in clear and survives erasure (ADR 0004), so the contract that client developers generate their
/// code from tells them, on every free-text field of a write, that identifying details never go there.
/// </summary>
public sealed class FreeTextWarningTests(AppFixture app) : IntegrationTest(app)
{
    public static TheoryData<string, string> FreeTextFields => new()
    {
        { "PlanStep", "title" },
        { "PlanStep", "provider" },
        { "PlanStep", "outcome" },
        { "RecordNeed", "description" },
        { "CompleteStep", "outcome" },
        { "CancelStep", "reason" },
        { "ReopenCase", "reason" },
        { "MakeReferral", "reason" },
        { "AcceptReferral", "reason" },
        { "DeclineReferral", "reason" },
        { "CancelReferral", "reason" }
    };

    /// <summary>The register's texts are not shared with partners but are kept for years and shown to the Commission.</summary>
    public static TheoryData<string, string> IncidentRegisterFields => new()
    {
        { "RecordIncident", "informationConcerned" },
        { "RecordIncident", "circumstances" },
        { "AssessIncidentRisk", "reasons" },
        { "ReviseIncident", "informationConcerned" },
        { "ReviseIncident", "circumstances" },
        { "RecordIncidentMeasure", "description" }
    };

    /// <summary>
    /// Text fields of writes that are not free text about the person: region and organisation codes, worker ids, the
    /// directory's organisation names, the assessment instrument's version. A new text field fails this test until it is
    /// warned about or listed here.
    /// </summary>
    private static readonly string[] KnownNonFreeText =
    [
        "OpenCase.region", "TransferCase.toWorker", "TransferCase.toOrganization", "ReplaceOrganization.name",
        "RegisterOrganization.code", "RegisterOrganization.name", "RecordAssessment.instrumentVersion",
        "GiveConsent.organization", "MakeReferral.toOrganization", "RecordIncident.organization",
        "CorrectCaseProfile.region"
    ];

    [Theory]
    [MemberData(nameof(FreeTextFields))]
    public async Task The_openapi_document_warns_against_identifying_details_in_free_text(string schema, string property)
    {
        var document = (await Get("/openapi/v1.json", null, 200)).Json;

        var field = document["components"]!["schemas"]![schema]!["properties"]![property];

        field.ShouldNotBeNull($"{schema}.{property}");
        field["description"].ShouldNotBeNull($"{schema}.{property} has no description").GetValue<string>()
            .ShouldBe(FreeText.Warning, $"{schema}.{property}");
    }

    [Theory]
    [MemberData(nameof(IncidentRegisterFields))]
    public async Task The_openapi_document_warns_against_identifying_details_in_the_incident_register(string schema, string property)
    {
        var document = (await Get("/openapi/v1.json", null, 200)).Json;

        var field = document["components"]!["schemas"]![schema]!["properties"]![property];

        field.ShouldNotBeNull($"{schema}.{property}");
        field["description"].ShouldNotBeNull($"{schema}.{property} has no description").GetValue<string>()
            .ShouldBe(FreeText.IncidentWarning, $"{schema}.{property}");
    }

    [Fact]
    public async Task Every_free_text_field_of_a_write_carries_the_warning()
    {
        var document = (await Get("/openapi/v1.json", null, 200)).Json;
        var warned = FreeTextFields.Concat(IncidentRegisterFields).Select(row => $"{row[0]}.{row[1]}").ToHashSet();

        var writeSchemas = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(operation => operation.Key is "post" or "put" or "patch"))
            .Select(operation => operation.Value!["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>())
            .OfType<string>()
            .Select(reference => reference.Split('/').Last())
            .Distinct();
        var textFields = writeSchemas
            .SelectMany(schema => document["components"]!["schemas"]![schema]!["properties"]!.AsObject()
                .Where(property => IsPlainText(property.Value!))
                .Select(property => $"{schema}.{property.Key}"));

        textFields.Where(field => !warned.Contains(field)).ShouldBe(KnownNonFreeText, ignoreOrder: true);
    }

    private static bool IsPlainText(JsonNode property) =>
        property["type"]?.ToJsonString() is { } type && type.Contains("\"string\"") && property["format"] is null
        && property["enum"] is null && property["$ref"] is null;
}
