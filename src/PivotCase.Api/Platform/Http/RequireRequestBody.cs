using System.Reflection;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Middleware;

namespace PivotCase.Api.Platform.Http;

/// <summary>
/// System.Text.Json reads a body of the JSON literal <c>null</c> as no request at all, and Wolverine hands that null to the
/// endpoint's <c>Validate</c> and handler, which fail (a 500). This policy gives every endpoint whose body is required a
/// check right after the read, before any load or rule: no request object, a 400 and nothing done. An endpoint that
/// declares its body nullable (<c>StartStep? command</c>: "start" needs no body) takes a <c>null</c> body as no body.
/// </summary>
public sealed class RequireRequestBody : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(BodyIsRequired))
        {
            var check = new MethodCall(typeof(RequestBody), typeof(RequestBody).GetMethod(nameof(RequestBody.Present))!
                .MakeGenericMethod(chain.RequestType!));
            if (!rules.TryFindContinuationHandler(chain, check, out var stopOnProblem))
                throw new InvalidOperationException("Wolverine no longer turns a ProblemDetails into an answer.");
            chain.Middleware.InsertRange(0, [check, stopOnProblem!]);
        }
    }

    private static bool BodyIsRequired(HttpChain chain)
    {
        if (!chain.HasRequestType || chain.RequestType!.IsValueType) return false;
        var body = chain.Method.Method.GetParameters().FirstOrDefault(parameter => parameter.ParameterType == chain.RequestType);
        return body is null || new NullabilityInfoContext().Create(body).WriteState != NullabilityState.Nullable;
    }
}

public static class RequestBody
{
    public static ProblemDetails Present<TRequest>(TRequest? request) where TRequest : class =>
        request is null ? Problems.MissingBody() : Problems.None;
}
