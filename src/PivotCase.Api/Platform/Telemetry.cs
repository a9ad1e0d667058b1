using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace PivotCase.Api.Platform;

/// <summary>
/// Traces and metrics of the HTTP pipeline, Npgsql, Wolverine and Marten, exported by OTLP when an endpoint is
/// configured (OTEL_EXPORTER_OTLP_ENDPOINT). Spans carry routes, ids and SQL statements without their parameter values:
/// never bodies or query strings (TelemetryTests checks a planted personal detail is not exported).
/// Without an endpoint nothing is recorded: an OpenTelemetry SDK with no exporter still samples every span (each request
/// and each database command) only to drop it, which cost the API CPU on every request for nothing. The runtime's own
/// meters stay readable by <c>dotnet-counters</c> either way.
/// </summary>
public static class Telemetry
{
    public const string ServiceName = "pivotcase-api";

    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddPivotCaseTelemetry(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting])) return builder;

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.RecordException = false)
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource("Wolverine", "Marten"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Wolverine", "Marten", "Npgsql"))
            .UseOtlpExporter();
        return builder;
    }
}
