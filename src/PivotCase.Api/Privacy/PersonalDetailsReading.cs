using System.Security.Cryptography;
using Marten;
using PivotCase.Api.Cases;

namespace PivotCase.Api.Privacy;

public static class PersonalDetailsReading
{
    /// <summary>
    /// The case's read model and its clear personal details (null when it has none or its key was destroyed). A
    /// correction replaces the case's key in the transaction that stores the new ciphertext, so a read that got the read
    /// model before that commit and the key after it cannot open the ciphertext: it reads both again, together, once.
    /// A second failure is a real one (a wrong master key) and is thrown.
    /// </summary>
    public static async Task<(CaseDetails Details, PersonalDetails? Clear)> RevealAsync(
        CaseDetails details, CaseKey? key, PersonalDetailsProtector protector, IQuerySession session, CancellationToken token)
    {
        try
        {
            return (details, protector.Reveal(details.Id, details.PersonalDetails, key));
        }
        catch (CryptographicException)
        {
            var batch = session.CreateBatchQuery();
            var reloadedDetails = batch.Load<CaseDetails>(details.Id);
            var reloadedKey = batch.Load<CaseKey>(details.Id);
            await batch.Execute(token);
            var current = await reloadedDetails ?? details;
            return (current, protector.Reveal(current.Id, current.PersonalDetails, await reloadedKey));
        }
    }
}
