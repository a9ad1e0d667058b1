using System.Text.Json;

namespace PivotCase.Api.Platform.Http;

/// <summary>
/// Wolverine logs every request body it cannot deserialize at Error level, with the deserializer's stack trace, through
/// <c>ILogger&lt;TBody&gt;</c>. That is the client's mistake, already answered with a 400 that names the field
/// (<see cref="ErrorHandling"/>): at Error level, any client could fill the error log and page whoever watches it,
/// and the deserializer's message quotes the character it stopped at. This <c>ILogger&lt;T&gt;</c> writes that one
/// message at Debug level, without the exception, when the deserializer refused the body (a <see cref="JsonException"/>);
/// any other failure while reading a body is the server's and stays an Error with its stack trace, as does every other
/// message.
/// </summary>
public sealed class UnreadableBodyLogging<T>(ILoggerFactory factory) : ILogger<T>
{
    private const string WolverineUnreadableBody = "Error trying to deserialize JSON from incoming HTTP body";

    private readonly ILogger _logger = factory.CreateLogger(typeof(T));

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => _logger.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _logger.IsEnabled(logLevel);

    public void Log<TState>(
        LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel >= LogLevel.Error && exception is JsonException && IsUnreadableBody(state))
            _logger.Log(LogLevel.Debug, eventId, state, null, formatter);
        else
            _logger.Log(logLevel, eventId, state, exception, formatter);
    }

    private static bool IsUnreadableBody<TState>(TState state) =>
        state is IReadOnlyList<KeyValuePair<string, object?>> { Count: > 0 } values
        && values[^1] is { Key: "{OriginalFormat}", Value: string format }
        && format.StartsWith(WolverineUnreadableBody, StringComparison.Ordinal);
}
