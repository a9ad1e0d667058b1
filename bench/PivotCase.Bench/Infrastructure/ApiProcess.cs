using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PivotCase.Bench.Infrastructure;

/// <summary>
/// The API as its own process (<c>dotnet PivotCase.Api.dll</c>, environment Development for the development keys), on a
/// free loopback port; its output goes to a log file.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Queue<string> _tail = new();
    private bool _closed;

    private ApiProcess(Process process, StreamWriter log, Uri baseAddress, Stopwatch sinceStart)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
        SinceStart = sinceStart;
    }

    public Uri BaseAddress { get; }
    public Stopwatch SinceStart { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    public static ApiProcess Start(string apiDll, string connectionString, string logPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = StartInfo(apiDll, connectionString);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        start.Environment["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/');

        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var watch = Stopwatch.StartNew();
        if (!process.Start()) throw new InvalidOperationException($"Could not start {apiDll}.");
        var api = new ApiProcess(process, log, baseAddress, watch);
        process.OutputDataReceived += (_, line) => api.Write(line.Data);
        process.ErrorDataReceived += (_, line) => api.Write(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return api;
    }

    /// <summary>Runs one of the API's JasperFx commands (e.g. <c>db-apply</c>) to completion.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(string apiDll, string connectionString, string arguments, CancellationToken token)
    {
        var start = StartInfo(apiDll, connectionString);
        start.Arguments += " " + arguments;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {apiDll}.");
        var output = process.StandardOutput.ReadToEndAsync(token);
        var error = process.StandardError.ReadToEndAsync(token);
        await process.WaitForExitAsync(token);
        return (process.ExitCode, await output + await error);
    }

    private static ProcessStartInfo StartInfo(string apiDll, string connectionString)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{apiDll}\"")
        {
            // The content root (appsettings*.json) is the working directory.
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(apiDll))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__PivotCase"] = connectionString;
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment.Remove("ASPNETCORE_URLS");
        // The per-user and per-organisation rate limits (600 and 3,000 requests a minute) are a policy against runaway
        // clients; the benchmark's 16 clients exceed them by design. The limiter still runs (its cost is measured),
        // with limits no client reaches.
        start.Environment["RateLimiting__PermitsPerUserPerMinute"] = "100000000";
        start.Environment["RateLimiting__PermitsPerOrganizationPerMinute"] = "100000000";
        return start;
    }

    private void Write(string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            if (_closed) return;
            _log.WriteLine(line);
            _tail.Enqueue(line);
            if (_tail.Count > 40) _tail.Dequeue();
        }
    }

    public string Tail()
    {
        lock (_tail) return string.Join(Environment.NewLine, _tail);
    }

    /// <summary>Polls <c>/health</c> until it answers 200 "healthy"; returns the time since the process started.</summary>
    public async Task<TimeSpan> WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken token)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (SinceStart.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The API exited with code {_process.ExitCode} before it was healthy:\n{Tail()}");
            try
            {
                using var response = await http.GetAsync("/health", token);
                if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync(token)).Contains("\"status\":\"healthy\""))
                    return SinceStart.Elapsed;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!token.IsCancellationRequested)
            {
                // A slow first answer.
            }

            await Task.Delay(20, token);
        }

        throw new TimeoutException($"The API was not healthy within {timeout.TotalSeconds:F0} s:\n{Tail()}");
    }

    /// <summary>Peak and current resident set size (VmHWM, VmRSS) in MiB, from /proc (Linux).</summary>
    public (double PeakMiB, double CurrentMiB)? Memory()
    {
        var path = $"/proc/{_process.Id}/status";
        if (!File.Exists(path)) return null;
        double? Read(string[] lines, string key) => lines.FirstOrDefault(line => line.StartsWith(key + ":")) is { } line
            ? double.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0]) / 1024.0
            : null;
        var status = File.ReadAllLines(path);
        return Read(status, "VmHWM") is { } peak && Read(status, "VmRSS") is { } current ? (peak, current) : null;
    }

    /// <summary>CPU time the API has used so far (user + system).</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
            lock (_tail)
            {
                _closed = true;
                _log.Dispose();
            }
        }
    }
}
