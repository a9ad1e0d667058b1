using Marten;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Idempotency;

namespace PivotCase.Api.Privacy;

public static class Configuration
{
    public static WebApplicationBuilder AddPrivacy(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(PrivacyOptions.Section).Get<PrivacyOptions>() ?? new PrivacyOptions();
        if (string.IsNullOrWhiteSpace(options.MasterKey))
            throw new InvalidOperationException("Privacy:MasterKey (base64, 256 bits) must be configured.");
        if (!builder.Environment.IsDevelopment() && options.MasterKey == PrivacyOptions.DevelopmentMasterKey)
            throw new InvalidOperationException("The development master key cannot be used outside Development.");
        if (options.RetainPersonalDetailsDays is < 1 or > PrivacyOptions.LongestRetentionDays)
            throw new InvalidOperationException(
                $"Privacy:RetainPersonalDetailsDays must be between 1 and {PrivacyOptions.LongestRetentionDays} (a hundred years).");

        byte[] masterKey;
        try
        {
            masterKey = Convert.FromBase64String(options.MasterKey);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Privacy:MasterKey must be base64.");
        }

        builder.Services.AddSingleton(new PersonalDetailsProtector(masterKey));
        // The idempotency fingerprints cover the personal details sent with an opening, so they are keyed from here too.
        builder.Services.AddSingleton(FingerprintKey.DerivedFrom(masterKey));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ErasureJournal>();
        builder.Services.ConfigureMarten((services, marten) => marten.Listeners.Add(services.GetRequiredService<ErasureJournal>()));
        builder.Services.AddPeriodicMessage<SweepRetentionPeriod>(options.RetentionSweepInterval, "Privacy:RetentionSweepInterval");
        builder.Services.AddSingleton<CaseAccessLogWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CaseAccessLogWriter>());
        return builder;
    }

    /// <summary>Between authentication (who is reading) and authorization (so that refusals are recorded too).</summary>
    public static IApplicationBuilder UseCaseAccessLog(this IApplicationBuilder app) => app.UseMiddleware<CaseAccessLogging>();

    /// <summary>Case keys and the access log live in their own tables, apart from the events.</summary>
    public static void ConfigurePrivacy(this StoreOptions options)
    {
        options.Schema.For<CaseKey>().DocumentAlias("case_key");
        options.Schema.For<CaseAccessRecord>().DocumentAlias("case_access").Duplicate(record => record.CaseId);

        options.Events.AddEventType<PersonalDetailsErased>();
        options.Events.AddEventType<PersonalDetailsCorrected>();
        options.Events.AddMaskingRuleForProtectedInformation<CaseOpened>(PersonalDataErasure.Mask);
        options.Events.AddMaskingRuleForProtectedInformation<PersonalDetailsCorrected>(PersonalDataErasure.Mask);
    }
}
