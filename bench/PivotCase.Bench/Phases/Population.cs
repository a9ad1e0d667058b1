namespace PivotCase.Bench.Phases;

/// <summary>Who works where: the organisations and pivot workers of the run.</summary>
public static class Population
{
    /// <summary>The member organisations whose caseworkers drive the load (client i works for LoadOrganizations[i % 4]).</summary>
    public static readonly string[] LoadOrganizations = ["cathii", "maison-marie", "la-sortie", "pact-quebec"];

    /// <summary>Organisations that only have history.</summary>
    public static readonly string[] HistoryOnlyOrganizations =
        ["cavac-laval", "refuge-outaouais", "cps-capitale", "ressource-estrie", "alternative-sud", "escale-laurentides", "accueil-mauricie", "cri-saguenay"];

    /// <summary>Its own organisation, so that the dashboard it polls stays small and the lag measured is the projection's.</summary>
    public const string LagProbeOrganization = "lag-probe";

    public const string ResearcherOrganization = "univ-recherche";

    public static string LoadOrganization(int client) => LoadOrganizations[client % LoadOrganizations.Length];

    public static string LoadWorker(int client) => $"{LoadOrganization(client)}-worker-{client / LoadOrganizations.Length + 1}";

    /// <summary>Every organisation with the workers its cases are spread over (for the generator).</summary>
    public static IReadOnlyList<(string Organization, IReadOnlyList<string> Workers)> All(int clients)
    {
        var load = LoadOrganizations.Select(org => (org, (IReadOnlyList<string>)Enumerable.Range(0, clients)
            .Where(client => LoadOrganization(client) == org).Select(LoadWorker).DefaultIfEmpty($"{org}-worker-1").ToList()));
        var history = HistoryOnlyOrganizations.Select(org => (org, (IReadOnlyList<string>)Enumerable.Range(1, 6).Select(n => $"{org}-worker-{n}").ToList()));
        return load.Concat(history).ToList();
    }
}
