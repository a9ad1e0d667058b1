using System.Net.Mail;
using System.Text.RegularExpressions;
using PivotCase.Api.Cases;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Http;
using PivotCase.Api.Steps;

namespace PivotCase.Api.Directory;

/// <summary>What a client sends to describe a member, on creation (POST) and on replacement (PUT).</summary>
public interface IOrganizationDescription
{
    string? Name { get; }
    OrganizationSector? Sector { get; }
    IReadOnlyList<string?>? Regions { get; }
    IReadOnlyList<string?>? Languages { get; }
    OrganizationContact? Contact { get; }
    IReadOnlyList<ServiceOffer?>? Services { get; }
}

public sealed record ServiceOffer(ServiceDomain? Domain, string? Description, bool? Available24h = null);

public static partial class OrganizationRules
{
    public const int MaxServices = 50;
    /// <summary>Interpreter banks offer dozens of languages; this only stops an abusive list.</summary>
    public const int MaxLanguages = 200;
    public const int MaxDescriptionLength = 500;

    public static bool IsValidCode(string? code) => code is not null && CodePattern().IsMatch(code);

    public static ValidationErrors CheckCode(string? code, ValidationErrors errors) => errors
        .Required("code", code)
        .When(code is { Length: > 0 } && !IsValidCode(code), "code",
            "A lowercase code of 2 to 32 characters: a letter, then letters, digits, '_' or '-'.");

    public static ValidationErrors Check(IOrganizationDescription description, ValidationErrors errors)
    {
        errors.Required("name", description.Name)
            .MaxLength("name", description.Name, 200)
            .Required("sector", description.Sector)
            .When(description.Regions is null or { Count: 0 }, "regions", "At least one Quebec region code is required.")
            .When(description.Regions?.Any(region => !QuebecRegion.IsValid(region)) == true,
                "regions", "Quebec administrative region codes, \"01\" to \"17\".")
            .When(HasDuplicates(description.Regions), "regions", "Each region may appear once.")
            .When(description.Languages is null or { Count: 0 }, "languages", "At least one language is required.")
            .When(description.Languages?.Any(language => !LanguageCode.IsValid(language)) == true,
                "languages", "Languages are ISO 639 codes such as \"fr\", \"en\" or \"tir\".")
            .When(HasDuplicates(description.Languages), "languages", "Each language may appear once.")
            .When(description.Languages is { Count: > MaxLanguages }, "languages", $"At most {MaxLanguages} languages.");
        CheckContact(description.Contact, errors);
        CheckServices(description.Services, errors);
        return errors;
    }

    public static OrganizationProfile ToProfile(string code, IOrganizationDescription description, string by, DateTimeOffset at, long version) =>
        new(code, description.Name!.Trim(), description.Sector!.Value, description.Regions!.Select(region => region!).ToList(),
            description.Languages!.Select(language => language!).ToList(),
            new OrganizationContact(Trimmed(description.Contact!.Name), Trimmed(description.Contact.Phone), Trimmed(description.Contact.Email)),
            (description.Services ?? []).Select(offer => new OrganizationService(offer!.Domain!.Value, offer.Description!.Trim(),
                offer.Available24h ?? false)).ToList(),
            at, by, version);

    private static void CheckContact(OrganizationContact? contact, ValidationErrors errors)
    {
        if (contact is null)
        {
            errors.Required("contact", null);
            return;
        }

        errors.Required("contact.name", contact.Name)
            .MaxLength("contact.name", contact.Name, 200)
            .MaxLength("contact.phone", contact.Phone, 40)
            .MaxLength("contact.email", contact.Email, 254)
            .When(string.IsNullOrWhiteSpace(contact.Phone) && string.IsNullOrWhiteSpace(contact.Email),
                "contact", "A phone number or an e-mail address is required.")
            .When(contact.Email is { Length: > 0 } email && !MailAddress.TryCreate(email, out _), "contact.email", "Not an e-mail address.");
    }

    private static void CheckServices(IReadOnlyList<ServiceOffer?>? services, ValidationErrors errors)
    {
        if (services is null) return;
        if (services.Count > MaxServices)
        {
            errors.Add("services", $"At most {MaxServices} services."); // not one error per entry of a huge list
            return;
        }

        for (var index = 0; index < services.Count; index++)
        {
            var field = $"services[{index}]";
            if (services[index] is not { } offer)
            {
                errors.Add(field, "A service is an object with a domain and a description.");
                continue;
            }

            errors.Required($"{field}.domain", offer.Domain)
                .Required($"{field}.description", offer.Description)
                .MaxLength($"{field}.description", offer.Description, MaxDescriptionLength);
        }
    }

    private static bool HasDuplicates(IReadOnlyList<string?>? values) => values is not null && values.Distinct().Count() != values.Count;

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [GeneratedRegex(@"^[a-z][a-z0-9_-]{1,31}\z")]
    private static partial Regex CodePattern();
}
