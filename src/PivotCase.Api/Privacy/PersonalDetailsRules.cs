using System.Net.Mail;
using PivotCase.Api.Platform;
using PivotCase.Api.Platform.Http;

namespace PivotCase.Api.Privacy;

public static class PersonalDetailsRules
{
    public static void Check(PersonalDetails? details, DateOnly today, ValidationErrors errors)
    {
        if (details is null) return;

        errors.MaxLength("personalDetails.fullName", details.FullName, 200)
            .MaxLength("personalDetails.alias", details.Alias, 200)
            .MaxLength("personalDetails.phone", details.Phone, 40)
            .MaxLength("personalDetails.email", details.Email, 254)
            .MaxLength("personalDetails.notes", details.Notes, 4000)
            .When(details.DateOfBirth > today, "personalDetails.dateOfBirth", "The date of birth cannot be in the future.")
            .When(details.DateOfBirth < today.AddYears(-120), "personalDetails.dateOfBirth", "The date of birth is not plausible.")
            .When(details.Email is { Length: > 0 } email && !MailAddress.TryCreate(email, out _),
                "personalDetails.email", "Not an e-mail address.")
            .When(details.Languages is { Count: > 20 }, "personalDetails.languages", "At most 20 languages.")
            .When(details.Languages?.Any(code => !LanguageCode.IsValid(code)) == true,
                "personalDetails.languages", "Languages are ISO 639 codes such as \"fr\", \"en\" or \"tir\".");
    }
}
