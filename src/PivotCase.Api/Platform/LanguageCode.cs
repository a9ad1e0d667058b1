namespace PivotCase.Api.Platform;

/// <summary>ISO 639 language codes as the API takes them: two or three lowercase letters ("fr", "en", "tir").</summary>
public static class LanguageCode
{
    public static bool IsValid(string? code) => code is { Length: >= 2 and <= 3 } && code.All(char.IsAsciiLetterLower);
}
