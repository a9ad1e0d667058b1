using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace PivotCase.Api.Platform.Http;

/// <summary>An answer that is also a table: a header row, then one row per cell (statistics: withheld counts are empty).</summary>
public interface ICsvTable
{
    IEnumerable<IReadOnlyList<string>> CsvRows();

    /// <summary>
    /// Whether the file starts with a UTF-8 byte-order mark: a table of free French text meant to be opened in a
    /// spreadsheet needs it, or accents come out garbled; tables of codes and numbers for scripts do not.
    /// </summary>
    bool ForSpreadsheets => false;
}

public static class Csv
{
    public const string MediaType = "text/csv";

    /// <summary>
    /// Free text as a field: a text a spreadsheet would take for a formula (starting with =, +, -, @ or a control
    /// character) is prefixed with an apostrophe, so that opening the file never runs what someone typed.
    /// </summary>
    public static string Text(string? value) =>
        value is { Length: > 0 } && (value[0] is '=' or '+' or '-' or '@' || char.IsControl(value[0])) ? "'" + value : value ?? "";

    public static string Value(object? value) => value switch
    {
        null => "",
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? ""
    };

    /// <summary>RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, a quote or a line end.</summary>
    public static string Write(IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
            text.Append(string.Join(',', row.Select(Field))).Append("\r\n");
        return text.ToString();
    }

    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) < 0 ? value : $"\"{value.Replace("\"", "\"\"")}\"";
}

/// <summary>
/// An answer in the representation the client asks for: JSON by default, the same table as CSV when the Accept header
/// prefers text/csv (the statistics, the incident register).
/// </summary>
public sealed class TableAnswer<T>(T body) : IResult, IEndpointMetadataProvider where T : ICsvTable
{
    public T Body { get; } = body;

    public Task ExecuteAsync(HttpContext context)
    {
        context.Response.Headers.Vary = HeaderNames.Accept;
        if (!PrefersCsv(context.Request)) return TypedResults.Json(Body).ExecuteAsync(context);

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = $"{Csv.MediaType}; charset=utf-8; header=present";
        return context.Response.WriteAsync((Body.ForSpreadsheets ? "\uFEFF" : "") + Csv.Write(Body.CsvRows()), Encoding.UTF8);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json", Csv.MediaType]));

    public static bool PrefersCsv(HttpRequest request)
    {
        var accepted = request.GetTypedHeaders().Accept;
        double Quality(string mediaType) => accepted
            .Where(value => value.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase))
            .Select(value => value.Quality ?? 1).DefaultIfEmpty(0).Max();
        var csv = Quality(Csv.MediaType);
        return csv > 0 && csv > Quality("application/json");
    }
}
