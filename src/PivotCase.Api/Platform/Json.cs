using System.Text.Json;
using System.Text.Json.Serialization;

namespace PivotCase.Api.Platform;

/// <summary>One JSON contract for the API: camelCase properties, snake_case enumeration strings.</summary>
public static class Json
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }
}
