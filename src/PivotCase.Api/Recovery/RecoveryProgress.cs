using System.Collections.Immutable;
using Marten.Events.Aggregation;
using PivotCase.Api.Cases;

namespace PivotCase.Api.Recovery;

public sealed record RecoveryAssessment(
    Guid AssessmentId, DateOnly AssessedOn, IReadOnlyDictionary<RecoveryDomain, int> Scores, string InstrumentVersion);

/// <summary>How assessment events change a case's assessments in force; shared by every read model that keeps them.</summary>
public static class AssessmentLedger
{
    public static ImmutableList<RecoveryAssessment> Apply(ImmutableList<RecoveryAssessment> assessments, AssessmentRecorded recorded) =>
        assessments.Add(new RecoveryAssessment(recorded.AssessmentId, recorded.AssessedOn, recorded.Scores, recorded.InstrumentVersion));

    public static ImmutableList<RecoveryAssessment> Apply(ImmutableList<RecoveryAssessment> assessments, AssessmentVoided voided) =>
        assessments.RemoveAll(assessment => assessment.AssessmentId == voided.AssessmentId);
}

/// <summary>
/// The recovery assessments of one case, as recorded (in recording order); <see cref="RecoveryMaths"/> orders them
/// and derives progress at read time, since months in care depend on today.
/// </summary>
public sealed record RecoveryProgress(
    Guid Id, string Organization, DateOnly OpenedOn, ImmutableList<RecoveryAssessment> Assessments);

/// <summary>
/// Inline, and started by the case's opening so that a case without assessments still has its opening day and
/// organisation here.
/// </summary>
public sealed partial class RecoveryProgressProjection : SingleStreamProjection<RecoveryProgress, Guid>
{
    public static RecoveryProgress Create(CaseOpened opened) =>
        new(opened.CaseId, opened.Organization, opened.OpenedOn, ImmutableList<RecoveryAssessment>.Empty);

    public static RecoveryProgress Apply(CaseTransferred transferred, RecoveryProgress current) =>
        current with { Organization = transferred.ToOrganization };

    public static RecoveryProgress Apply(AssessmentRecorded recorded, RecoveryProgress current) =>
        current with { Assessments = AssessmentLedger.Apply(current.Assessments, recorded) };

    public static RecoveryProgress Apply(AssessmentVoided voided, RecoveryProgress current) =>
        current with { Assessments = AssessmentLedger.Apply(current.Assessments, voided) };
}
