namespace PivotCase.Tests.Support;

/// <summary>
/// The fault tests: real API processes that they kill on purpose, each test in a database of its own
/// (<see cref="FaultDatabase"/>). The collection runs alone, after the parallel ones (like the benchmark's): their
/// load (several processes, concurrent clients) would slow other tests, and other tests' load would stretch their
/// bounded waits.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection
{
    public const string Name = "faults";
}
