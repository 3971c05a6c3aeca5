using Orleans;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;
using Routing.Storage.Orleans.GrainStorage;

namespace Routing.Storage.Orleans.Tests.GrainStorage;

/// <summary>Orleans' IPersistentState over our durable store, on a real silo, on both stores.</summary>
public sealed class DurableGrainStorageTests
{
    [Theory, MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task State_survives_deactivation_and_is_stored_under_the_key_the_store_always_used(string kind)
    {
        await using var store = await TestStore.CreateAsync(kind);
        await using var cluster = await StartSiloAsync(store.Store);
        var ann = cluster.Client.GetGrain<IProfileGrain>("ws1/ann");

        await ann.SetName("Ann");
        await ann.Deactivate();

        Assert.Equal("Ann", await ann.GetName());
        Assert.True(await ann.RecordExists());
        var stored = await store.Store.ReadStateAsync(new GrainStateKey("profile", "ws1/ann", "profile"));
        Assert.Equal((1L, """{"name":"Ann"}"""), (stored!.Version, Encoding.UTF8.GetString(stored.Payload!)));
    }

    [Theory, MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task A_record_written_before_the_move_to_Orleans_is_read_as_the_grains_state(string kind)
    {
        await using var store = await TestStore.CreateAsync(kind);
        await store.Store.WriteStateAsync(new GrainStateKey("profile", "ws1/bob", "profile"), Encoding.UTF8.GetBytes("""{"name":"Bob"}"""), null);
        await using var cluster = await StartSiloAsync(store.Store);

        Assert.Equal("Bob", await cluster.Client.GetGrain<IProfileGrain>("ws1/bob").GetName());
    }

    [Theory, MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task A_write_from_a_stale_activation_is_refused_and_the_next_call_reads_the_winner(string kind)
    {
        await using var store = await TestStore.CreateAsync(kind);
        await using var cluster = await StartSiloAsync(store.Store);
        var cy = cluster.Client.GetGrain<IProfileGrain>("ws1/cy");
        await cy.SetName("first");
        var key = new GrainStateKey("profile", "ws1/cy", "profile");
        // Another writer (a duplicate activation on another silo) got there first.
        await store.Store.WriteStateAsync(key, Encoding.UTF8.GetBytes("""{"name":"winner"}"""), expectedVersion: 1);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => cy.SetName("stale"));

        Assert.Equal(("2", "1"), (conflict.StoredEtag, conflict.CurrentEtag));
        Assert.Equal("winner", await cy.GetName());
        Assert.Equal(2L, (await store.Store.ReadStateAsync(key))!.Version);
    }

    [Theory, MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task A_write_abandoned_behind_a_stale_log_row_fences_the_activation_like_a_conflict(string kind)
    {
        await using var store = await TestStore.CreateAsync(kind);
        await using var cluster = await StartSiloAsync(store.Store);
        var fay = cluster.Client.GetGrain<IProfileGrain>("ws1/fay");
        await fay.SetName("first");
        // Another activation took row 1 of the log (its state write is still to come).
        await store.Store.AppendAsync(new GrainLogKey("profile", "ws1/fay", "history"), [new LogEntry(1, [1])]);

        // The state write would succeed on its own, but is abandoned behind the refused row: the caller sees the fencing
        // exception all the same (the API answers 503, retry), and the memory that went ahead is dropped.
        await Assert.ThrowsAsync<InconsistentStateException>(() => fay.SetNameAfterLogRow("stale", 1));

        Assert.Equal("first", await fay.GetName());
        await fay.SetNameAfterLogRow("retried", 2);
        Assert.Equal("retried", await fay.GetName());
    }

    [Theory, MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task A_clear_keeps_the_row_versioned_and_resets_the_state(string kind)
    {
        await using var store = await TestStore.CreateAsync(kind);
        await using var cluster = await StartSiloAsync(store.Store);
        var dee = cluster.Client.GetGrain<IProfileGrain>("ws1/dee");
        await dee.SetName("Dee");

        await dee.Clear();

        Assert.Equal((false, (string?)null), (await dee.RecordExists(), await dee.GetName()));
        var cleared = await store.Store.ReadStateAsync(new GrainStateKey("profile", "ws1/dee", "profile"));
        Assert.Equal((2L, (byte[]?)null), (cleared!.Version, cleared.Payload));
        await dee.Deactivate();
        Assert.False(await dee.RecordExists());
        await dee.SetName("again");
        Assert.Equal(3L, (await store.Store.ReadStateAsync(new GrainStateKey("profile", "ws1/dee", "profile")))!.Version);
    }

    [Theory, MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task A_failed_write_drops_the_memory_that_went_ahead_of_the_store(string kind)
    {
        await using var store = await TestStore.CreateAsync(kind);
        var faulty = new FaultyStateStore(store.Store);
        await using var cluster = await StartSiloAsync(store.Store, faulty);
        var eve = cluster.Client.GetGrain<IProfileGrain>("ws1/eve");
        await eve.SetName("kept");

        faulty.FailNextWrite();
        var failure = await Assert.ThrowsAsync<OrleansException>(() => eve.SetName("lost"));

        Assert.Contains("connection lost", failure.ToString());
        Assert.Equal("kept", await eve.GetName());
        await eve.SetName("next");
        Assert.Equal("next", await eve.GetName());
    }

    [Fact]
    public async Task A_state_type_without_JSON_metadata_fails_activation_saying_what_to_add()
    {
        await using var store = await TestStore.CreateAsync(TestDatabase.Sqlite);
        await using var cluster = await StartSiloAsync(store.Store);
        await store.Store.WriteStateAsync(new GrainStateKey("unregistered", "ws1/x", "value"), Encoding.UTF8.GetBytes("""{"value":1}"""), null);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => cluster.Client.GetGrain<IUnregisteredStateGrain>("ws1/x").Get());

        Assert.Contains("No JSON metadata for state type", failure.ToString());
        Assert.Contains(nameof(UnregisteredState), failure.ToString());
    }

    private static async Task<InProcessTestCluster> StartSiloAsync(IDurableStore store, IGrainStateStore? states = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(store);
            if (states is null)
            {
                silo.Services.AddDurableGrainStorage("Default", o => o.AddStateJson(ProfileStateJson.Default));
            }
            else
            {
                var options = new DurableGrainStorageOptions().AddStateJson(ProfileStateJson.Default);
                silo.Services.AddGrainStorage("Default", (sp, _) => new DurableGrainStorage(states, options, sp.GetRequiredService<IGrainContextAccessor>()));
            }
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
