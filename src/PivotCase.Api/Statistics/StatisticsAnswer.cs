using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace PivotCase.Api.Statistics;

/// <summary>An answer that is also a table: a header row, then one row per cell; withheld counts are empty.</summary>
public interface ICsvTable
{
    IEnumerable<IReadOnlyList<string>> CsvRows();
}

public static class Csv
{
    public const string MediaType = "text/csv";

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
/// A statistics answer in the representation the client asks for: JSON by default, the same table as CSV when the
/// Accept header prefers text/csv.
/// </summary>
public sealed class StatisticsAnswer<T>(T body) : IResult, IEndpointMetadataProvider where T : ICsvTable
{
    public T Body { get; } = body;

    public Task ExecuteAsync(HttpContext context)
    {
        context.Response.Headers.Vary = HeaderNames.Accept;
        if (!PrefersCsv(context.Request)) return TypedResults.Json(Body).ExecuteAsync(context);

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = $"{Csv.MediaType}; charset=utf-8; header=present";
        return context.Response.WriteAsync(Csv.Write(Body.CsvRows()), Encoding.UTF8);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json", Csv.MediaType]));

    private static bool PrefersCsv(HttpRequest request)
    {
        var accepted = request.GetTypedHeaders().Accept;
        double Quality(string mediaType) => accepted
            .Where(value => value.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase))
            .Select(value => value.Quality ?? 1).DefaultIfEmpty(0).Max();
        var csv = Quality(Csv.MediaType);
        return csv > 0 && csv > Quality("application/json");
    }
}
