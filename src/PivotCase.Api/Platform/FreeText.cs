namespace PivotCase.Api.Platform;

/// <summary>
/// What the OpenAPI document says of every free-text field of a write (a step's title, an outcome, a reason): it is
/// stored in clear, shared with partner organisations and kept after an erasure, so identifying details must never be
/// typed there (ADR 0004). Generated clients carry the sentence into their code's documentation.
/// </summary>
public static class FreeText
{
    public const string Warning =
        "Free text, stored in clear, readable by every organisation the case is shared with, and kept after an erasure: " +
        "never a name, alias, date of birth, address, phone number, e-mail or any other detail that identifies the person " +
        "(those belong in personalDetails, which is encrypted and erasable). " +
        "Texte libre, stocké en clair, lisible par les organismes avec qui le dossier est partagé et conservé après un " +
        "effacement : jamais de nom, de date de naissance, d'adresse, de téléphone ni d'autre donnée qui identifie la " +
        "personne (elles vont dans personalDetails, chiffré et effaçable).";

    public const string IncidentWarning =
        "Kept in the organisation's confidentiality incident register for at least five years and shown to the Commission " +
        "d'accès à l'information on request: describe the kind of information and the circumstances, never a name, date of " +
        "birth, address, phone number or other detail that identifies a person concerned. " +
        "Conservé au registre des incidents de confidentialité de l'organisme pendant au moins cinq ans et transmis à la " +
        "Commission d'accès à l'information sur demande : décrire la nature des renseignements et les circonstances, jamais " +
        "le nom, la date de naissance, l'adresse, le téléphone ni une autre donnée qui identifie une personne concernée.";
}
