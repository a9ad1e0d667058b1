using JasperFx.Events.Projections;
using Marten;
using Marten.Schema;
using PivotCase.Api.Platform;

namespace PivotCase.Api.Statistics;

public static class Configuration
{
    public const string TableAlias = "statistical_case";
    public const string Table = $"{Storage.SchemaName}.mt_doc_{TableAlias}";

    /// <summary>
    /// The statistics group and filter on plain columns duplicated out of the rows' JSON: every answer is a GROUP BY
    /// over this one table (exploitation types and service keys as arrays to unnest). Each answer's query is served
    /// by an index-only scan of a covering index (its filter as key, INCLUDE for what it groups and adds up), so it
    /// reads a few narrow index pages rather than the rows and their JSON (the state the projection keeps: consents,
    /// steps, assessments). The duplicated columns get no index of their own, which no statistic would use. Autovacuum
    /// runs early on this table to keep current the visibility map that index-only scans rely on.
    /// </summary>
    public static void ConfigureStatistics(this StoreOptions options)
    {
        options.Projections.Add<StatisticalCaseProjection>(ProjectionLifecycle.Async, daemon => daemon.BatchSize = Storage.AsyncProjectionBatchSize);
        options.Schema.For<StatisticalCase>()
            .DocumentAlias(TableAlias)
            .StorageParameter("autovacuum_vacuum_scale_factor", 0.02)
            .StorageParameter("autovacuum_vacuum_insert_scale_factor", 0.02);
        options.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType != typeof(StatisticalCase)) return;

            Duplicate(mapping, nameof(StatisticalCase.OpenedYear), "opened_year");
            Duplicate(mapping, nameof(StatisticalCase.ResearchConsentUntil), Consent, notNull: false);
            foreach (var dimension in CaseDimensions.Categories)
                Duplicate(mapping, dimension.Member, dimension.StoredColumn, pgType: dimension.MultiValued ? "text[]" : "varchar");
            Duplicate(mapping, nameof(StatisticalCase.ServiceKeys), "service_keys", pgType: "smallint[]");
            Duplicate(mapping, nameof(StatisticalCase.ServiceKeySteps), "service_key_steps", pgType: "smallint[]");
            Duplicate(mapping, nameof(StatisticalCase.DaysToFirstHousing), "days_to_first_housing", notNull: false);
            // Null in a row projected before it existed, until the rebuild after upgrading (ADR 0010).
            Duplicate(mapping, nameof(StatisticalCase.CrisisWindowFrom), "crisis_window_from", notNull: false);
            Duplicate(mapping, nameof(StatisticalCase.ImmediateNeedCount), "immediate_need_count");
            Duplicate(mapping, nameof(StatisticalCase.ImmediateNeedsMetInCrisisWindow), "immediate_needs_met_in_crisis_window");
            Duplicate(mapping, nameof(StatisticalCase.RecoveryChanges), "recovery_changes", pgType: "smallint[]", notNull: false);

            Covering(mapping, "cases", Consent, [.. CaseDimensions.Categories.Select(dimension => dimension.StoredColumn), "opened_year"]);
            Covering(mapping, "services", Consent, ["service_keys", "service_key_steps"], "cardinality(service_keys) > 0");
            Covering(mapping, "housing", Consent, ["days_to_first_housing"], "days_to_first_housing is not null");
            Covering(mapping, "needs", "crisis_window_from", [Consent, "immediate_need_count", "immediate_needs_met_in_crisis_window"],
                "immediate_need_count > 0");
            Covering(mapping, "recovery", Consent, ["recovery_changes"], "recovery_changes is not null");
        });
    }

    private const string Consent = "research_consent_until";

    private static void Duplicate(DocumentMapping mapping, string member, string column, string? pgType = null, bool notNull = true) =>
        mapping.DuplicateField([typeof(StatisticalCase).GetProperty(member)!], pgType, column, notNull, partOfPrimaryKey: false);

    private static void Covering(DocumentMapping mapping, string query, string key, string[] included, string? predicate = null)
    {
        mapping.Indexes.Add(new DocumentIndex(mapping, key)
        {
            Name = $"mt_doc_{TableAlias}_for_{query}", IncludeColumns = included, Predicate = predicate
        });
    }

    public static WebApplicationBuilder AddStatistics(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(StatisticsOptions.Section).Get<StatisticsOptions>() ?? new StatisticsOptions();
        builder.Services.AddSingleton(options);
        return builder;
    }
}
