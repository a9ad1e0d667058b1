using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using JasperFx.CodeGeneration.Model;
using JasperFx.Core.Reflection;
using Marten;
using Wolverine.Http;

namespace PivotCase.Api.Platform.Idempotency;

/// <summary>Endpoint metadata of the writes that honour <c>Idempotency-Key</c>; the middleware acts only on these.</summary>
public sealed class IdempotentWrite
{
    public static readonly IdempotentWrite Instance = new();

    private IdempotentWrite()
    {
    }
}

/// <summary>
/// Gives every POST, PUT, PATCH and DELETE endpoint the step that records its answer under the request's key
/// (<see cref="IdempotentAnswer.Record"/>), placed right before Marten's SaveChangesAsync and after Wolverine's
/// <c>ApplyHttpAware</c> (which sets 201 and Location), so the record is part of the write's transaction. Runs after
/// AutoApplyTransactions and the aggregate workflow have added the commit. A write that does not commit through a Marten
/// session, or answers with something other than a JSON body or no body, stops the application at start-up: its answer
/// could not be kept in its transaction.
/// </summary>
public sealed class IdempotentWritePolicy : IHttpPolicy
{
    private static readonly HashSet<string> WriteMethods = new(StringComparer.OrdinalIgnoreCase) { "POST", "PUT", "PATCH", "DELETE" };

    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(chain => chain.HttpMethods.Any(WriteMethods.Contains)))
        {
            var route = $"{string.Join("/", chain.HttpMethods)} {chain.RoutePattern?.RawText}";
            var commit = chain.Postprocessors.FindIndex(IsMartenCommit);
            if (commit < 0)
                throw new InvalidOperationException($"{route} does not commit through a Marten session, so its Idempotency-Key answer cannot be kept in its transaction.");

            chain.Postprocessors.Insert(commit, new RecordIdempotentAnswerFrame(ResponseOf(chain, route)));
            chain.Metadata.WithMetadata(IdempotentWrite.Instance);
        }
    }

    private static bool IsMartenCommit(Frame frame) =>
        frame is MethodCall { Method.Name: nameof(IDocumentSession.SaveChangesAsync) } call
        && call.Method.DeclaringType!.IsAssignableFrom(typeof(IDocumentSession));

    /// <summary>The response body variable, or null for an endpoint that answers without a body.</summary>
    private static Variable? ResponseOf(HttpChain chain, string route)
    {
        if (!chain.HasResourceType()) return null;

        var type = chain.ResourceType!;
        if (type.CanBeCastTo<IResult>() || type == typeof(string) || type.IsValueType)
            throw new InvalidOperationException($"{route} answers with {type.Name}: an idempotent write answers with a JSON record or no body.");
        return chain.Method.Creates.First(variable => variable.VariableType == type);
    }

    private sealed class RecordIdempotentAnswerFrame : SyncFrame
    {
        private readonly Variable? _response;
        private Variable? _httpContext;
        private Variable? _session;

        public RecordIdempotentAnswerFrame(Variable? response)
        {
            _response = response;
            if (response is not null) uses.Add(response);
        }

        public override IEnumerable<Variable> FindVariables(IMethodVariables chain)
        {
            _httpContext = chain.FindVariable(typeof(HttpContext));
            yield return _httpContext;
            _session = chain.FindVariable(typeof(IDocumentSession));
            yield return _session;
        }

        public override void GenerateCode(GeneratedMethod method, ISourceWriter writer)
        {
            writer.WriteComment("Keep this answer under the request's Idempotency-Key, in the same transaction as the write");
            writer.Write($"{typeof(IdempotentAnswer).FullNameInCode()}.{nameof(IdempotentAnswer.Record)}(" +
                         $"{_httpContext!.Usage}, {_session!.Usage}, {_response?.Usage ?? "null"}, {(_response is null ? "true" : "false")});");
            Next?.GenerateCode(method, writer);
        }
    }
}
