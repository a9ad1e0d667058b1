using System.Text.Json;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using Weasel.Core;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Steps;

namespace PivotCase.Floor;

/// <summary>
/// The least a step can cost on PivotCase's stack: the same HTTP server, JWT validation, request body and JSON options as
/// the API, with less and less of a step's work behind them. Each rung adds one layer (bench/README.md, "The stack's
/// floor"):
/// <list type="bullet">
/// <item><c>http</c>: authenticate, parse the step, answer 201 — no database;</item>
/// <item><c>insert</c>: plus one autocommitted <c>INSERT</c> of the step as JSON (one round trip, as pgbench's statements);</item>
/// <item><c>append</c>: plus Marten instead: the step appended as an event with the quick append, no read, no projection;</item>
/// <item><c>aggregate</c>: Marten's command-handler workflow: <c>FetchForWriting</c> of a small snapshot, append, the
/// snapshot updated inline in the same transaction;</item>
/// <item><c>readmodel</c>: plus a read model the size of PivotCase's <c>CaseDetails</c>, loaded in the same batch and
/// written inline in the same transaction.</item>
/// </list>
/// PivotCase's own step adds Wolverine, the write model's rules and size, the access checks and the async dashboards. Not part of the product; run by <c>bench/run.sh --floor</c>.
/// </summary>
public static class FloorProgram
{
    public const string Schema = "floor";

    private static readonly JsonSerializerOptions StepJson = CreateStepJson();

    public static void Main(string[] args)
    {
        // The API's appsettings*.json come with the project reference: the same logging and Auth settings as the API.
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.ConfigureHttpJsonOptions(json => Json.Configure(json.SerializerOptions));

        var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>()
                   ?? throw new InvalidOperationException("Auth settings are missing.");
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = auth.Issuer,
                ValidAudience = auth.Audience,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = AuthOptions.ClockSkew,
                NameClaimType = Caller.UserIdClaim,
                RoleClaimType = Caller.RoleClaim,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                IssuerSigningKey = Configuration.SigningKeyFrom(auth.SigningKey
                                                                ?? throw new InvalidOperationException("Auth:SigningKey is missing."))
            };
        });
        // As the API's case-write policy: an authenticated caseworker whose token names the user and the organisation.
        builder.Services.AddAuthorizationBuilder().AddPolicy("caseworker", policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(context => !string.IsNullOrWhiteSpace(context.User.FindFirst(Caller.UserIdClaim)?.Value)
                                         && !string.IsNullOrWhiteSpace(context.User.FindFirst(Caller.OrganizationClaim)?.Value))
            .RequireRole(Roles.Caseworker));

        var connection = Storage.WithPoolDefaults(builder.Configuration.GetConnectionString(Storage.ConnectionStringName)
                                                  ?? throw new InvalidOperationException("ConnectionStrings:PivotCase is missing."));
        builder.Services.AddSingleton(NpgsqlDataSource.Create(connection));
        builder.Services.AddMarten(options =>
            {
                options.Connection(connection);
                options.DatabaseSchemaName = Schema;
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
                options.Events.StreamIdentity = StreamIdentity.AsGuid;
                options.Events.AppendMode = EventAppendMode.Quick;
                options.Events.MetadataConfig.UserNameEnabled = true;
                options.Projections.UseIdentityMapForAggregates = true;
                options.Projections.Snapshot<FloorCase>(SnapshotLifecycle.Inline);
                options.Projections.Add<FloorCaseDetailsProjection>(ProjectionLifecycle.Inline);
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();

        var app = builder.Build();
        using (var table = app.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
                   $"create schema if not exists {Schema}; create table if not exists {Schema}.steps (step_id uuid primary key, " +
                   "case_id uuid not null, data jsonb not null, planned_by varchar not null, planned_at timestamptz not null)"))
            table.ExecuteNonQuery();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/health", () => Results.Json(new { status = "healthy" })).AllowAnonymous();

        var floor = app.MapGroup("/floor").RequireAuthorization("caseworker");
        floor.MapPost("/cases/{caseId:guid}", OpenCaseAsync);
        floor.MapPost("/http/cases/{caseId:guid}/steps", (Guid caseId, PlanStep step, HttpContext context) =>
            Answer(caseId, Step<FloorStepPlanned>(caseId, step, context), 0));
        floor.MapPost("/insert/cases/{caseId:guid}/steps", InsertAsync);
        floor.MapPost("/append/cases/{caseId:guid}/steps", AppendAsync);
        floor.MapPost("/aggregate/cases/{caseId:guid}/steps", AggregateAsync);
        floor.MapPost("/readmodel/cases/{caseId:guid}/steps", ReadModelAsync);
        app.Run();
    }

    private static async Task<IResult> OpenCaseAsync(Guid caseId, HttpContext context, IDocumentSession session)
    {
        session.Events.StartStream<FloorCase>(caseId, new FloorCaseOpened(caseId, User(context), DateTimeOffset.UtcNow));
        await session.SaveChangesAsync(context.RequestAborted);
        return Results.Created($"/floor/cases/{caseId}", new { id = caseId, version = 1 });
    }

    private static async Task<IResult> InsertAsync(Guid caseId, PlanStep step, HttpContext context, NpgsqlDataSource database)
    {
        var planned = Step<FloorStepPlanned>(caseId, step, context);
        await using var command = database.CreateCommand(
            $"insert into {Schema}.steps (step_id, case_id, data, planned_by, planned_at) values ($1, $2, $3, $4, $5)");
        command.Parameters.Add(new NpgsqlParameter { Value = planned.StepId });
        command.Parameters.Add(new NpgsqlParameter { Value = caseId });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(planned, StepJson), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = planned.PlannedBy });
        command.Parameters.Add(new NpgsqlParameter { Value = planned.PlannedAt });
        await command.ExecuteNonQueryAsync(context.RequestAborted);
        return Answer(caseId, planned, 0);
    }

    private static async Task<IResult> AppendAsync(Guid caseId, PlanStep step, HttpContext context, IDocumentSession session)
    {
        var appended = Step<FloorStepAppended>(caseId, step, context);
        session.Events.Append(caseId, appended);
        await session.SaveChangesAsync(context.RequestAborted);
        return Answer(caseId, appended, 0);
    }

    private static async Task<IResult> AggregateAsync(Guid caseId, PlanStep step, HttpContext context, IDocumentSession session)
    {
        var stream = await session.Events.FetchForWriting<FloorCase>(caseId, context.RequestAborted);
        if (stream.Aggregate is null) return Results.NotFound();
        var planned = Step<FloorStepPlanned>(caseId, step, context);
        stream.AppendOne(planned);
        await session.SaveChangesAsync(context.RequestAborted);
        return Answer(caseId, planned, stream.CurrentVersion ?? 0);
    }

    private static async Task<IResult> ReadModelAsync(Guid caseId, PlanStep step, HttpContext context, IDocumentStore store)
    {
        // As PivotCase's case writes (ADR 0016): the read model is loaded in the same batch as the write model and kept in
        // the session's identity map, where the inline projection finds it.
        await using var session = store.LightweightSession();
        session.UseIdentityMapFor<FloorCaseDetails>();
        var batch = session.CreateBatchQuery();
        var fetched = batch.Events.FetchForWriting<FloorCase>(caseId);
        var details = batch.Load<FloorCaseDetails>(caseId);
        await batch.Execute(context.RequestAborted);
        var stream = await fetched;
        if (stream.Aggregate is null || await details is null) return Results.NotFound();
        var recorded = Step<FloorStepRecorded>(caseId, step, context);
        stream.AppendOne(recorded);
        await session.SaveChangesAsync(context.RequestAborted);
        return Answer(caseId, recorded, stream.CurrentVersion ?? 0);
    }

    /// <summary>The step as the event of <typeparamref name="TStep"/>'s rung.</summary>
    private static TStep Step<TStep>(Guid caseId, PlanStep step, HttpContext context) where TStep : FloorStep, new() => new()
    {
        CaseId = caseId,
        StepId = Guid.CreateVersion7(),
        Domain = step.Domain ?? ServiceDomain.Other,
        Title = step.Title ?? "",
        Timeframe = step.Timeframe ?? Timeframe.Immediate,
        DueOn = step.DueOn,
        Provider = step.Provider,
        NeedId = step.NeedId,
        PlannedBy = User(context),
        PlannedAt = DateTimeOffset.UtcNow
    };

    private static JsonSerializerOptions CreateStepJson()
    {
        var options = new JsonSerializerOptions();
        Json.Configure(options);
        return options;
    }

    private static string User(HttpContext context) => context.User.FindFirst(Caller.UserIdClaim)?.Value ?? "";

    private static IResult Answer(Guid caseId, FloorStep step, long version) =>
        Results.Created($"/floor/cases/{caseId}/steps/{step.StepId}", new StepPlannedResponse(step.StepId, version));
}

public sealed record FloorCaseOpened(Guid CaseId, string OpenedBy, DateTimeOffset OpenedAt);

/// <summary>
/// A step as the rungs store it. Each rung appends its own event type, so that the projections handle exactly the rungs
/// they belong to.
/// </summary>
public abstract record FloorStep
{
    public Guid CaseId { get; init; }
    public Guid StepId { get; init; }
    public ServiceDomain Domain { get; init; }
    public string Title { get; init; } = "";
    public Timeframe Timeframe { get; init; }
    public DateOnly? DueOn { get; init; }
    public string? Provider { get; init; }
    public Guid? NeedId { get; init; }
    public string PlannedBy { get; init; } = "";
    public DateTimeOffset PlannedAt { get; init; }
}

/// <summary>The <c>http</c>, <c>insert</c> and <c>aggregate</c> rungs' step; the snapshot handles it.</summary>
public sealed record FloorStepPlanned : FloorStep;

/// <summary>
/// The <c>append</c> rung's event: the snapshot does not handle it, so Marten appends it to the case's stream without
/// loading or writing any document.
/// </summary>
public sealed record FloorStepAppended : FloorStep;

/// <summary>A write model of the size a small aggregate has: what the rules would check, not the whole case.</summary>
public sealed record FloorCase(Guid Id, int Steps, DateTimeOffset LastStepAt)
{
    public static FloorCase Create(FloorCaseOpened opened) => new(opened.CaseId, 0, opened.OpenedAt);

    public FloorCase Apply(FloorStepPlanned planned) => this with { Steps = Steps + 1, LastStepAt = planned.PlannedAt };

    public FloorCase Apply(FloorStepRecorded recorded) => this with { Steps = Steps + 1, LastStepAt = recorded.PlannedAt };
}

/// <summary>The <c>readmodel</c> rung's event: the snapshot and the read model both handle it.</summary>
public sealed record FloorStepRecorded : FloorStep;

public sealed record FloorStepView(
    Guid StepId, ServiceDomain Domain, string Title, Timeframe Timeframe, DateOnly? DueOn, string? Provider, Guid? NeedId,
    string PlannedBy, DateTimeOffset PlannedAt, string Status);

/// <summary>
/// A read model about the size of PivotCase's <c>CaseDetails</c> (7.3 KB on average in the floor's runs): the case's
/// most recent <see cref="MaxSteps"/> steps, so that it stops growing however long the rung runs.
/// </summary>
public sealed record FloorCaseDetails(Guid Id, string OpenedBy, DateTimeOffset OpenedAt, int StepCount, IReadOnlyList<FloorStepView> Steps)
{
    public const int MaxSteps = 24;
}

public sealed partial class FloorCaseDetailsProjection : SingleStreamProjection<FloorCaseDetails, Guid>
{
    public static FloorCaseDetails Create(FloorCaseOpened opened) => new(opened.CaseId, opened.OpenedBy, opened.OpenedAt, 0, []);

    public static FloorCaseDetails Apply(FloorStepRecorded recorded, FloorCaseDetails details) => details with
    {
        StepCount = details.StepCount + 1,
        Steps = details.Steps.TakeLast(FloorCaseDetails.MaxSteps - 1)
            .Append(new FloorStepView(recorded.StepId, recorded.Domain, recorded.Title, recorded.Timeframe, recorded.DueOn,
                recorded.Provider, recorded.NeedId, recorded.PlannedBy, recorded.PlannedAt, "planned"))
            .ToList()
    };
}
