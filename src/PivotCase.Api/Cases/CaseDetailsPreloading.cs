using JasperFx;
using JasperFx.CodeGeneration;
using Marten;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence.Sagas;

namespace PivotCase.Api.Cases;

/// <summary>
/// Every write to a case appends events that the inline <see cref="CaseDetailsProjection"/> applies to the case's
/// <see cref="CaseDetails"/>, which Marten would otherwise load on its own connection, in a round trip of its own, just
/// before the write transaction. This policy adds that load to the endpoint, where Wolverine batches it with the
/// <c>[WriteAggregate] Case</c> fetch (one round trip for the stream version, the write model and the read model), and
/// <see cref="CaseSessionFactory"/> keeps the loaded document in the session's identity map, where the projection finds it.
/// </summary>
public sealed class LoadCaseDetailsWithEveryCaseWrite : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(WritesToACase))
        {
            if (!chain.TryFindVariable("id", ValueSource.RouteValue, typeof(Guid), out var caseId)) continue;
            if (!rules.TryFindPersistenceFrameProvider(container, typeof(CaseDetails), out var marten)) continue;
            chain.Middleware.Add(marten.DetermineLoadFrame(container, typeof(CaseDetails), caseId));
        }
    }

    private static bool WritesToACase(HttpChain chain) => chain.Method.Method.GetParameters()
        .Any(parameter => parameter.ParameterType == typeof(Case) && parameter.IsDefined(typeof(WriteAggregateAttribute), inherit: true));
}

/// <summary>
/// Lightweight sessions (no identity map for documents), except for <see cref="CaseDetails"/>: a document loaded before
/// the case's events are saved is the one the inline projection applies them to (see
/// <see cref="LoadCaseDetailsWithEveryCaseWrite"/>). Safe because <see cref="CaseDetails"/> is an immutable record that
/// only the projection changes, and a stale copy cannot be saved: the append checks the stream version it was read with.
/// </summary>
public sealed class CaseSessionFactory(IDocumentStore store) : ISessionFactory
{
    public IQuerySession QuerySession() => store.QuerySession();

    public IDocumentSession OpenSession()
    {
        var session = store.LightweightSession();
        session.UseIdentityMapFor<CaseDetails>();
        return session;
    }
}
