using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PivotCase.Api.Platform;

/// <summary>
/// One JSON contract for the API: camelCase properties, snake_case enumeration strings, numbers as JSON numbers (not
/// quoted).
/// </summary>
public static class Json
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.AllowDuplicateProperties = false;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new SnakeCaseEnumConverterFactory());
    }

    /// <summary>The contract name of an enumeration value: its JsonStringEnumMemberName, else its snake_case name.</summary>
    public static string NameOf<TEnum>(TEnum value) where TEnum : struct, Enum => SnakeCaseEnumConverter<TEnum>.Names[value];

    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum =>
        SnakeCaseEnumConverter<TEnum>.Values.TryGetValue(text ?? string.Empty, out value);

    /// <summary><see cref="TryParse{TEnum}"/> for an enumeration known only at run time (reflection: for error answers only).</summary>
    public static bool IsContractName(Type enumType, string text) =>
        (bool)typeof(SnakeCaseEnumConverter<>).MakeGenericType(enumType)
            .GetMethod(nameof(SnakeCaseEnumConverter<ConsoleColor>.IsName))!.Invoke(null, [text])!;

    private sealed class SnakeCaseEnumConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(SnakeCaseEnumConverter<>).MakeGenericType(typeToConvert))!;
    }

    /// <summary>
    /// Accepts exactly the contract names: no numbers, no C# member names, no comma-separated flag combinations
    /// (which the framework's converter would silently turn into another member).
    /// </summary>
    private sealed class SnakeCaseEnumConverter<TEnum> : JsonConverter<TEnum> where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> Names = Enum.GetValues<TEnum>().ToFrozenDictionary(
            value => value,
            value => typeof(TEnum).GetField(value.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                     ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()));

        public static readonly FrozenDictionary<string, TEnum> Values =
            Names.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

        public static bool IsName(string text) => Values.ContainsKey(text);

        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && Values.TryGetValue(reader.GetString()!, out var value)
                ? value
                : throw new JsonException();

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Names[value]);

        public override TEnum ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Values.TryGetValue(reader.GetString()!, out var value) ? value : throw new JsonException();

        public override void WriteAsPropertyName(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WritePropertyName(Names[value]);
    }
}
