namespace PivotCase.Api.Platform.Http;

/// <summary>Collects field errors for a 400 answer; field names are the JSON (camelCase) names.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages)) _errors[field] = messages = [];
        messages.Add(message);
        return this;
    }

    public ValidationErrors Required(string field, object? value) =>
        value is null || value is string text && string.IsNullOrWhiteSpace(text)
            ? Add(field, "This field is required.")
            : this;

    public ValidationErrors MaxLength(string field, string? value, int max) =>
        value is not null && value.Length > max ? Add(field, $"At most {max} characters.") : this;

    public ValidationErrors When(bool condition, string field, string message) => condition ? Add(field, message) : this;

    /// <summary>
    /// A page number and size of a paged list. The last page is the last one whose first row can be skipped to: the
    /// rows to skip are counted in an int, and a page past that would overflow into a negative offset.
    /// </summary>
    public ValidationErrors Paging(int? page, int? pageSize, int maxPageSize)
    {
        var lastPage = int.MaxValue / maxPageSize;
        return When(page < 1, "page", "Pages start at 1.")
            .When(page > lastPage, "page", $"At most {lastPage}.")
            .When(pageSize is < 1 || pageSize > maxPageSize, "pageSize", $"Between 1 and {maxPageSize}.");
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray());
}
