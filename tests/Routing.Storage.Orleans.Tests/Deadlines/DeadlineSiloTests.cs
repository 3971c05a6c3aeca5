using Microsoft.Extensions.Time.Testing;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Storage.Orleans.Tests.Deadlines;

/// <summary>Silo tests share the machine's two cores badly: they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class DeadlineSilos
{
    public const string Name = "Orleans silos with durable deadlines";
}

/// <summary>
/// A test of durable deadlines on real silos, run once per store (a subclass each): a fresh database per test, and a
/// fake clock the test moves, shared by every silo it starts.
/// </summary>
[Collection(DeadlineSilos.Name)]
public abstract class DeadlineSiloTests(TestDatabase store) : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    protected TestDatabase Store => store;

    protected FakeTimeProvider Time { get; } = ClockAt(Start);

    public Task InitializeAsync() => store.CreateAsync();

    public async Task DisposeAsync() => await store.DisposeAsync();

    protected Task<DeadlineCluster> StartSilosAsync(short silos = 1, Action<DeadlineOptions>? configure = null) =>
        DeadlineCluster.StartAsync(store, Time, silos, configure);

    /// <summary>A grain key of this test's own.</summary>
    protected static string NewKey(string prefix = "acme/") => prefix + Guid.NewGuid().ToString("N");

    private static FakeTimeProvider ClockAt(DateTimeOffset start)
    {
        var time = new FakeTimeProvider();
        time.SetUtcNow(start);
        return time;
    }
}
