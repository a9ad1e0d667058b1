using Marten;
using Wolverine.Http;

namespace PivotCase.Api.Platform.Idempotency;

public static class Configuration
{
    public static WebApplicationBuilder AddIdempotentWrites(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(IdempotencyOptions.Section).Get<IdempotencyOptions>() ?? new IdempotencyOptions();
        if (options.RetainHours < 1) throw new InvalidOperationException("Idempotency:RetainHours must be at least 1.");

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(ExitAfterCommit.From(builder.Configuration, builder.Environment));
        builder.Services.AddPeriodicMessage<SweepExpiredIdempotencyRecords>(options.SweepInterval, "Idempotency:SweepInterval");
        return builder;
    }

    /// <summary>After authentication and authorization: keys belong to users, and a refused request is never replayed.</summary>
    public static IApplicationBuilder UseIdempotentWrites(this IApplicationBuilder app) => app.UseMiddleware<IdempotentWriteMiddleware>();

    public static WolverineHttpOptions AddIdempotentWrites(this WolverineHttpOptions options)
    {
        options.AddPolicy<IdempotentWritePolicy>();
        return options;
    }

    /// <summary>One row per kept answer; expires_at is a column with an index, for the sweep.</summary>
    public static void ConfigureIdempotency(this StoreOptions options) =>
        options.Schema.For<IdempotencyRecord>().DocumentAlias("idempotency_record").Duplicate(record => record.ExpiresAt);
}
