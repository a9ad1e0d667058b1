using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace PivotCase.Api.Platform;

/// <summary>
/// Traces and metrics of the HTTP pipeline, Npgsql, Wolverine and Marten, exported by OTLP when an endpoint is
/// configured (OTEL_EXPORTER_OTLP_ENDPOINT). Spans carry routes and ids only: never bodies or query strings.
/// </summary>
public static class Telemetry
{
    public const string ServiceName = "pivotcase-api";

    public static WebApplicationBuilder AddPivotCaseTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.RecordException = false)
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource("Wolverine", "Marten"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Wolverine", "Marten", "Npgsql"));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) telemetry.UseOtlpExporter();
        return builder;
    }
}
