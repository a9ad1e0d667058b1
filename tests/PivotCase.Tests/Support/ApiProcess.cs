using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using PivotCase.Api.Platform.Auth;

namespace PivotCase.Tests.Support;

/// <summary>
/// The built API run as a real Kestrel process on a free loopback port, for clients that need a socket (a browser):
/// the Alba host of <see cref="AppFixture"/> is an in-memory TestServer that a browser cannot reach.
/// It is the same PivotCase.Api.dll the test project references (copied beside the tests with its runtimeconfig and
/// deps files), started with <c>dotnet PivotCase.Api.dll --urls http://127.0.0.1:PORT</c> in Development against the
/// tests' database (or the one given), and killed (with its process tree) on disposal. Its clock is the real one.
/// The fault tests kill it on purpose (<see cref="KillAsync"/>, a SIGKILL: no shutdown hook runs) and read its log lines.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ApiProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>What the process wrote, for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output.TakeLast(80));

    /// <summary>Every line the process wrote to standard output and error so far.</summary>
    public IReadOnlyList<string> OutputLines => _output.ToArray();

    /// <summary>
    /// Starts the API and waits until <c>/health</c> answers 200, or, with <paramref name="waitUntilHealthy"/> false,
    /// until it answers at all (a daemon far behind makes it answer 503 for a while).
    /// </summary>
    public static async Task<ApiProcess> StartAsync(
        string connectionString, IReadOnlyDictionary<string, string>? settings = null, bool waitUntilHealthy = true)
    {
        var port = FreeLoopbackPort();
        var start = StartInfo("--urls", $"http://127.0.0.1:{port}");
        start.Environment[TestDatabase.EnvironmentVariable] = connectionString;
        start.Environment.Remove("ASPNETCORE_URLS"); // --urls decides
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) start.Environment[name] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var api = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) api._output.Enqueue(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) api._output.Enqueue(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await api.WaitUntilAnsweringAsync(waitUntilHealthy);
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }

        return api;
    }

    /// <summary>
    /// Runs one of the API's commands (<c>describe</c>, …) to its end in Development, with <paramref name="settings"/> as
    /// environment variables, and returns its exit code and everything it wrote.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(
        IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        var start = StartInfo([.. arguments]);
        foreach (var (name, value) in settings) start.Environment[name] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        using var cancellation = new CancellationTokenSource(timeout);
        var standardOutput = process.StandardOutput.ReadToEndAsync(cancellation.Token);
        var standardError = process.StandardError.ReadToEndAsync(cancellation.Token);
        await process.WaitForExitAsync(cancellation.Token);
        return (process.ExitCode, await standardOutput + await standardError);
    }

    /// <summary><c>dotnet PivotCase.Api.dll</c> with <paramref name="arguments"/>, in Development, its output redirected.</summary>
    private static ProcessStartInfo StartInfo(params string[] arguments)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "PivotCase.Api.dll");
        if (!File.Exists(assembly)) throw new InvalidOperationException($"The API is not built beside the tests: {assembly} is missing.");

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory, // its appsettings*.json are there too
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false
        };
        foreach (var argument in arguments.Prepend(assembly)) start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        return start;
    }

    /// <summary>The token settings of every API process started here: its appsettings*.json, beside the tests.</summary>
    public static AuthOptions Auth { get; } = new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json")
        .AddJsonFile("appsettings.Development.json")
        .Build().GetSection(AuthOptions.Section).Get<AuthOptions>()!;

    /// <summary>A client that sends <paramref name="user"/>'s token, minted now.</summary>
    public HttpClient Client(TestUser user) => Client(user.TokenFrom(Auth, DateTimeOffset.UtcNow));

    public HttpClient Client(string? bearerToken = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (bearerToken is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", bearerToken);
        return client;
    }

    /// <summary>True once the process has exited (for a test that makes it die), false if it still runs after the timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task WaitUntilAnsweringAsync(bool healthy)
    {
        using var client = Client();
        client.Timeout = TimeSpan.FromSeconds(5);
        var deadline = Stopwatch.StartNew();
        string last = "no answer";
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The API process exited with code {_process.ExitCode}:{Environment.NewLine}{Output}");
            try
            {
                using var response = await client.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK || !healthy) return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                last = exception.Message;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The API at {BaseAddress} was not {(healthy ? "healthy" : "answering")} after {StartTimeout} (last: {last}):{Environment.NewLine}{Output}");
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Asks the process to stop as a service manager or an orchestrator does (SIGTERM: the host's graceful shutdown runs)
    /// and waits until it has exited; false if it still runs after <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited) return true;
        if (SendSignal(_process.Id, SignalTerminate) != 0)
            throw new InvalidOperationException($"SIGTERM could not be sent to {_process.Id} (errno {Marshal.GetLastPInvokeError()}).");
        return await WaitForExitAsync(timeout);
    }

    private const int SignalTerminate = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int processId, int signal);

    /// <summary>Kills the process at once (SIGKILL, with its process tree) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        try
        {
            if (_process.HasExited) return;
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }
}
