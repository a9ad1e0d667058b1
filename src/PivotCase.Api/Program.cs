using JasperFx;
using Marten;
using PivotCase.Api.Cases;
using PivotCase.Api.Dashboards;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Auth;
using PivotCase.Api.Platform.Http;
using PivotCase.Api.Platform.Idempotency;
using PivotCase.Api.Privacy;
using PivotCase.Api.Statistics;
using Wolverine;
using Wolverine.Http;

var builder = WebApplication.CreateBuilder(args);

builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = ErrorHandling.MaxRequestBodyBytes);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<CoalitionCalendar>();
builder.Services.ConfigureHttpJsonOptions(options => Json.Configure(options.SerializerOptions));
builder.Services.AddPivotCaseErrorHandling();
builder.Services.AddPivotCaseOpenApi();

builder.AddPivotCaseAuthentication();
builder.AddPivotCaseStorage();
builder.AddPrivacy();
builder.AddStatistics();
builder.AddPivotCaseRateLimits();
builder.AddIdempotentWrites();
builder.AddPivotCaseTelemetry();
builder.RedactConfigurationForDescribe(args);

builder.Host.UseWolverine(options =>
{
    options.ApplicationAssembly = typeof(Program).Assembly;
    options.UsePreGeneratedCode();
    options.Policies.AutoApplyTransactions();
    options.EnableRelayOfUserName = true;
});
builder.Services.AddWolverineHttp();

var app = builder.Build();
app.Services.GetRequiredService<CoalitionCalendar>(); // an unknown Coalition:TimeZone stops start-up here

app.UsePivotCaseErrorHandling();
app.UseEmptyQueryValuesAsAbsent();
app.UseNoStoreForApiAnswers();
app.UseAuthentication();
app.UseRateLimiter();
app.UseCaseAccessLog();
app.UseAuthorization();
app.UseIdempotentWrites();

app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
app.MapPivotCaseHealth();
app.MapDashboardPage();
app.MapWolverineEndpoints(options =>
{
    options.RejectUnparseableQueryValues = true;
    options.AddPolicy<RequireRequestBody>();
    options.AddIdempotentWrites();
    options.AddPolicy<LoadCaseDetailsWithEveryCaseWrite>();
});

return await app.RunJasperFxCommands(args);

public partial class Program;
