using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PivotCase.Api.Platform;
using PivotCase.Tests.Support;

namespace PivotCase.Tests.Platform;

/// <summary>
/// Traces and metrics leave the API by OTLP only when an endpoint is configured; without one nothing is recorded. The
/// exported spans are checked against a real API process and a collector listening on loopback.
/// </summary>
public sealed class TelemetryTests(AppFixture app) : IntegrationTest(app)
{
    [Fact]
    public void Without_an_otlp_endpoint_no_span_or_metric_is_recorded()
    {
        App.Host.Services.GetService<TracerProvider>().ShouldBeNull();
        App.Host.Services.GetService<MeterProvider>().ShouldBeNull();
    }

    [Fact]
    public async Task With_an_otlp_endpoint_requests_and_database_commands_are_exported_without_personal_details()
    {
        using var collector = new OtlpCollector();
        await using var api = await ApiProcess.StartAsync(App.ConnectionString, new Dictionary<string, string>
        {
            [Telemetry.OtlpEndpointSetting] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500"
        });
        using var worker = api.Client(Worker);

        var created = await worker.PostAsJsonAsync("/api/cases", Bodies.NewCase(Bodies.CanaryDetails, openedOn: "2026-03-02"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var caseId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var read = await worker.GetAsync($"/api/cases/{caseId}");
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await read.Content.ReadAsStringAsync()).ShouldContain(Bodies.Canary, customMessage: "the worker reads the details back");

        await Eventually.HoldsAsync(() => Task.FromResult(
                collector.Contains("/v1/traces", "/api/cases/{id}") && collector.Contains("/v1/traces", "mt_doc_casedetails") &&
                collector.Contains("/v1/metrics", "http.server.request.duration")),
            "the case's spans (HTTP route and Npgsql command) and the request metrics at the collector", CancellationToken.None,
            TimeSpan.FromSeconds(30));

        collector.Contains("/v1/traces", Telemetry.ServiceName).ShouldBeTrue();
        collector.Contains("/v1/traces", Bodies.Canary).ShouldBeFalse("a personal detail reached the exported spans");
        collector.Contains("/v1/metrics", Bodies.Canary).ShouldBeFalse("a personal detail reached the exported metrics");
    }

    /// <summary>An OTLP/HTTP receiver on a free loopback port that keeps every body it is sent, by path.</summary>
    private sealed class OtlpCollector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

        public OtlpCollector()
        {
            Endpoint = $"http://127.0.0.1:{ApiProcess.FreeLoopbackPort()}";
            _listener.Prefixes.Add(Endpoint + "/");
            _listener.Start();
            _ = Task.Run(ReceiveAsync);
        }

        public string Endpoint { get; }

        /// <summary>
        /// Whether a body sent to <paramref name="path"/> holds <paramref name="text"/>: OTLP's protobuf keeps strings as
        /// plain UTF-8 bytes, so a byte search finds names, routes and values without decoding the message.
        /// </summary>
        public bool Contains(string path, string text)
        {
            var needle = Encoding.UTF8.GetBytes(text);
            return _received.Any(item => item.Path == path && item.Body.AsSpan().IndexOf(needle) >= 0);
        }

        private async Task ReceiveAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception) when (!_listener.IsListening)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                _received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
