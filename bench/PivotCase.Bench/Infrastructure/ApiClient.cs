using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;

namespace PivotCase.Bench.Infrastructure;

/// <summary>Mints development tokens with the API's own configuration (appsettings*.json beside the API).</summary>
public sealed class Tokens(AuthOptions options)
{
    public static Tokens For(string apiDll)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(Path.GetDirectoryName(Path.GetFullPath(apiDll))!)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile("appsettings.Development.json", optional: true)
            .Build();
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        if (string.IsNullOrEmpty(options.SigningKey)) options.SigningKey = AuthOptions.DevelopmentSigningKey;
        return new Tokens(options);
    }

    public string Create(string role, string organization, string userId) =>
        DevelopmentTokens.Create(options, userId, userId, organization, [role], DateTimeOffset.UtcNow, TimeSpan.FromHours(8));
}

public sealed record ApiAnswer(HttpStatusCode Status, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>One user of the API: a bearer token over a shared connection pool; bodies use the API's JSON contract.</summary>
public sealed class ApiClient(HttpClient http, string token)
{
    public static readonly JsonSerializerOptions JsonOptions = CreateOptions();

    private readonly AuthenticationHeaderValue _authorization = new("Bearer", token);

    public static HttpClient CreateHttp(Uri baseAddress) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 256,
        PooledConnectionLifetime = TimeSpan.FromMinutes(30),
        UseCookies = false
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60)
    };

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions();
        PivotCase.Api.Platform.Json.Configure(options);
        options.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        return options;
    }

    public Task<ApiAnswer> PostAsync(string url, object body, CancellationToken token) =>
        SendAsync(HttpMethod.Post, url, body, token);

    public Task<ApiAnswer> GetAsync(string url, CancellationToken token) => SendAsync(HttpMethod.Get, url, null, token);

    public async Task<ApiAnswer> SendAsync(HttpMethod method, string url, object? body, CancellationToken token)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = _authorization;
        if (body is not null)
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), JsonOptions))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") }
            };
        using var response = await http.SendAsync(request, token);
        return new ApiAnswer(response.StatusCode, await response.Content.ReadAsStringAsync(token));
    }

    /// <summary>Sends and insists on <paramref name="expected"/>; the answer's problem text otherwise.</summary>
    public async Task<JsonElement> ExpectAsync(HttpMethod method, string url, object? body, HttpStatusCode expected, CancellationToken token)
    {
        var answer = await SendAsync(method, url, body, token);
        if (answer.Status != expected)
            throw new InvalidOperationException($"{method} {url} answered {(int)answer.Status}, expected {(int)expected}: {Truncate(answer.Body)}");
        return answer.Body.Length == 0 ? default : answer.Json;
    }

    public static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
