using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Metadata;
using Wolverine.Http;

namespace PivotCase.Api.Platform;

/// <summary>The answer to a case write: the case and its new version.</summary>
public sealed record CaseVersion(Guid Id, long Version);

/// <summary>A 201 answer; the body is the record itself, the Location header the new resource when it has one.</summary>
public abstract record Created : IHttpAware
{
    [JsonIgnore]
    public virtual string? Location => null;

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        var returned = method.ReturnType;
        var body = returned.FullName?.StartsWith("System.ValueTuple", StringComparison.Ordinal) == true
            ? returned.GetGenericArguments()[0]
            : returned;
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status201Created, body, ["application/json"]));
    }

    void IHttpAware.Apply(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status201Created;
        if (Location is not null) context.Response.Headers.Location = Location;
    }
}
