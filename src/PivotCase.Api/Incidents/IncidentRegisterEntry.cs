using System.Collections.Immutable;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace PivotCase.Api.Incidents;

public sealed record RiskAssessment(bool SeriousInjuryRisk, string Reasons, string AssessedBy, DateTimeOffset AssessedAt);

public sealed record IncidentNotice(
    Guid NoticeId, NoticeRecipient Recipient, DateOnly SentOn, PublicNoticeGround? Ground, string RecordedBy, DateTimeOffset RecordedAt)
{
    /// <summary>Told personally, or by a public notice given on a ground that stands in for telling each of them.</summary>
    public bool ReachesThePersonsConcerned =>
        Recipient == NoticeRecipient.PersonsConcerned || Recipient == NoticeRecipient.Public && Ground != PublicNoticeGround.Urgency;
}

public sealed record IncidentRevision(string RevisedBy, DateTimeOffset RevisedAt);

public sealed record IncidentMeasure(Guid MeasureId, string Description, DateOnly TakenOn, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>
/// One entry of an organisation's confidentiality incident register, with what the regulation asks it to hold: the
/// information concerned, the circumstances, when it happened and became known, how many persons it concerns (the facts
/// as last revised), the risk assessment and its reasons, the notices and the measures taken (ADR 0022).
/// </summary>
public sealed record IncidentRegisterEntry(
    Guid Id,
    long Version,
    string Organization,
    IncidentKind Kind,
    string InformationConcerned,
    string Circumstances,
    DateOnly OccurredFrom,
    DateOnly? OccurredTo,
    bool OccurrenceApproximate,
    DateOnly DiscoveredOn,
    int PersonsConcerned,
    bool PersonsConcernedApproximate,
    IReadOnlyList<Guid> Cases,
    string RecordedBy,
    DateTimeOffset RecordedAt)
{
    /// <summary>The register keeps an entry at least five years after the organisation learned of the incident.</summary>
    public const int YearsKept = 5;

    /// <summary>Who brought the facts up to date, and when; the facts above are the last revision's.</summary>
    public ImmutableList<IncidentRevision> Revisions { get; init; } = [];

    /// <summary>Every assessment, oldest first; the last one stands.</summary>
    public ImmutableList<RiskAssessment> RiskAssessments { get; init; } = [];

    public ImmutableList<IncidentNotice> Notices { get; init; } = [];

    public ImmutableList<IncidentMeasure> Measures { get; init; } = [];

    /// <summary>Null until the risk is assessed.</summary>
    public bool? SeriousInjuryRisk => RiskAssessments.LastOrDefault()?.SeriousInjuryRisk;

    /// <summary>
    /// While the standing assessment finds a risk of serious injury: the Commission until it is notified, and the persons
    /// concerned until they are (<see cref="IncidentNotice.ReachesThePersonsConcerned"/>).
    /// </summary>
    public IReadOnlyList<NoticeRecipient> NoticesOutstanding => SeriousInjuryRisk == true
        ?
        [
            ..Notices.Any(notice => notice.Recipient == NoticeRecipient.Commission) ? [] : new[] { NoticeRecipient.Commission },
            ..Notices.Any(notice => notice.ReachesThePersonsConcerned) ? [] : new[] { NoticeRecipient.PersonsConcerned }
        ]
        : [];

    /// <summary>Five full years: an entry discovered on 29 February is kept until 1 March, not 28 February.</summary>
    public DateOnly KeepUntil
    {
        get
        {
            var until = DiscoveredOn.AddYears(YearsKept);
            return until.Day == DiscoveredOn.Day ? until : until.AddDays(1);
        }
    }
}

/// <summary>Inline: a supervisor reads back at once what was just entered in the register.</summary>
public sealed partial class IncidentRegisterProjection : SingleStreamProjection<IncidentRegisterEntry, Guid>
{
    public static IncidentRegisterEntry Create(IEvent<IncidentRecorded> recorded)
    {
        var data = recorded.Data;
        return new IncidentRegisterEntry(data.IncidentId, recorded.Version, data.Organization, data.Kind,
            data.InformationConcerned, data.Circumstances, data.OccurredFrom, data.OccurredTo, data.OccurrenceApproximate,
            data.DiscoveredOn, data.PersonsConcerned, data.PersonsConcernedApproximate, data.Cases, data.RecordedBy,
            data.RecordedAt);
    }

    public static IncidentRegisterEntry Apply(IEvent<IncidentRevised> revised, IncidentRegisterEntry current)
    {
        var data = revised.Data;
        return current with
        {
            Version = revised.Version,
            Kind = data.Kind,
            InformationConcerned = data.InformationConcerned,
            Circumstances = data.Circumstances,
            OccurredFrom = data.OccurredFrom,
            OccurredTo = data.OccurredTo,
            OccurrenceApproximate = data.OccurrenceApproximate,
            DiscoveredOn = data.DiscoveredOn,
            PersonsConcerned = data.PersonsConcerned,
            PersonsConcernedApproximate = data.PersonsConcernedApproximate,
            Cases = data.Cases,
            Revisions = current.Revisions.Add(new IncidentRevision(data.RevisedBy, data.RevisedAt))
        };
    }

    public static IncidentRegisterEntry Apply(IEvent<IncidentRiskAssessed> assessed, IncidentRegisterEntry current) => current with
    {
        Version = assessed.Version,
        RiskAssessments = current.RiskAssessments.Add(new RiskAssessment(assessed.Data.SeriousInjuryRisk, assessed.Data.Reasons,
            assessed.Data.AssessedBy, assessed.Data.AssessedAt))
    };

    public static IncidentRegisterEntry Apply(IEvent<IncidentNoticeSent> sent, IncidentRegisterEntry current) => current with
    {
        Version = sent.Version,
        Notices = current.Notices.Add(new IncidentNotice(sent.Data.NoticeId, sent.Data.Recipient, sent.Data.SentOn, sent.Data.Ground,
            sent.Data.RecordedBy, sent.Data.RecordedAt))
    };

    public static IncidentRegisterEntry Apply(IEvent<IncidentMeasureTaken> taken, IncidentRegisterEntry current) => current with
    {
        Version = taken.Version,
        Measures = current.Measures.Add(new IncidentMeasure(taken.Data.MeasureId, taken.Data.Description, taken.Data.TakenOn,
            taken.Data.RecordedBy, taken.Data.RecordedAt))
    };
}
