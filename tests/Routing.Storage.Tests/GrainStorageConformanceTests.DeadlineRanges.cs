using Routing.Storage;

namespace Routing.Storage.Tests;

// Deadlines by ring position: each silo reads only the due deadlines of the grain hash ranges it owns.
public abstract partial class GrainStorageConformanceTests
{
    /// <summary>Takes a database back to schema version 2, before deadlines had a grain hash (version 3).</summary>
    protected const string UndoDeadlineHashes = """
        DROP INDEX grain_deadline_due_at_hash;
        DROP INDEX grain_deadline_unhashed;
        ALTER TABLE grain_deadline DROP COLUMN grain_hash;
        CREATE INDEX grain_deadline_due_at ON grain_deadline (due_at, grain_type, grain_key, name);
        DELETE FROM schema_version WHERE version = 3;
        """;

    [Fact]
    public async Task A_deadline_keeps_its_grain_hash_from_the_bottom_to_the_top_of_the_ring()
    {
        var bottom = Deadline("g1", "sla", At(5), hash: 0);
        var top = Deadline("g2", "sla", At(6), hash: uint.MaxValue);
        var none = Deadline("g3", "sla", At(7));
        foreach (var deadline in new[] { bottom, top, none }) await Storage.UpsertDeadlineAsync(deadline);

        Assert.Equal([bottom, top, none], await Storage.ReadDueDeadlinesAsync(At(59), 10));
        await Storage.UpsertDeadlineAsync(top with { GrainHash = 7 });
        Assert.Equal(7u, (await Storage.ReadDueDeadlinesAsync(At(59), 10))[1].GrainHash);
    }

    [Fact]
    public async Task A_hash_range_excludes_its_begin_and_includes_its_end()
    {
        var hashes = new uint[] { 9, 10, 11, 20, 21 };
        for (var i = 0; i < hashes.Length; i++) await Storage.UpsertDeadlineAsync(Deadline($"g{i}", "sla", At(i), hash: hashes[i]));

        Assert.Equal(new uint[] { 11, 20 }, await HashesDueAsync(new GrainHashRange(10, 20)));
        Assert.Equal(new uint[] { 10 }, await HashesDueAsync(new GrainHashRange(9, 10)));
    }

    [Fact]
    public async Task A_range_that_wraps_past_the_top_of_the_ring_reads_both_ends()
    {
        var hashes = new uint[] { uint.MaxValue - 2, uint.MaxValue - 1, uint.MaxValue, 0, 5, 6, 100 };
        for (var i = 0; i < hashes.Length; i++) await Storage.UpsertDeadlineAsync(Deadline($"g{i}", "sla", At(i), hash: hashes[i]));

        Assert.Equal(new uint[] { uint.MaxValue - 1, uint.MaxValue, 0, 5 }, await HashesDueAsync(new GrainHashRange(uint.MaxValue - 2, 5)));
        Assert.Equal(new uint[] { 0, 5 }, await HashesDueAsync(new GrainHashRange(uint.MaxValue, 5)));
        Assert.Equal(hashes, await HashesDueAsync(GrainHashRange.Full));
        Assert.Equal(hashes, await HashesDueAsync(new GrainHashRange(42, 42)));
    }

    [Fact]
    public async Task Several_ranges_read_the_union_and_no_range_reads_nothing()
    {
        var hashes = new uint[] { 1, 50, 150, 300, uint.MaxValue };
        for (var i = 0; i < hashes.Length; i++) await Storage.UpsertDeadlineAsync(Deadline($"g{i}", "sla", At(i), hash: hashes[i]));

        Assert.Equal(new uint[] { 1, 150, uint.MaxValue }, await HashesDueAsync(new GrainHashRange(0, 10), new GrainHashRange(100, 200), new GrainHashRange(1000, 0)));
        Assert.Empty(await HashesDueAsync());
    }

    [Fact]
    public async Task Range_reads_come_earliest_first_up_to_the_limit_and_never_early()
    {
        var late = Deadline("g1", "a", At(9), hash: 10);
        var early = Deadline("g2", "a", At(1), hash: 20);
        var tieB = Deadline("g4", "a", At(5), hash: 30);
        var tieA = Deadline("g3", "a", At(5), hash: 40);
        var future = Deadline("g5", "a", At(30), hash: 50);
        var elsewhere = Deadline("g6", "a", At(2), hash: 5000);
        foreach (var deadline in new[] { late, early, tieB, future, tieA, elsewhere }) await Storage.UpsertDeadlineAsync(deadline);
        GrainHashRange[] mine = [new(0, 100)];

        Assert.Equal([early, tieA, tieB, late], await Storage.ReadDueDeadlinesAsync(mine, At(9), 10));
        Assert.Equal([early, tieA], await Storage.ReadDueDeadlinesAsync(mine, At(9), 2));
        Assert.Equal([early], await Storage.ReadDueDeadlinesAsync(mine, At(4, 59), 10));
        Assert.Empty(await Storage.ReadDueDeadlinesAsync(mine, At(0), 10));
        Assert.Empty(await Storage.ReadDueDeadlinesAsync(mine, At(59), 0));
    }

    [Fact]
    public async Task Deadlines_without_a_hash_are_in_no_range_until_filled_in_from_their_grain()
    {
        var legacy = Deadline("grain-a", "sla", At(1));
        var legacySameGrain = Deadline("grain-a", "wrap-up", At(2));
        var legacyOther = Deadline("grain-bb", "sla", At(3));
        var hashed = Deadline("grain-ccc", "sla", At(4), hash: 1234);
        foreach (var deadline in new[] { legacy, legacySameGrain, legacyOther, hashed }) await Storage.UpsertDeadlineAsync(deadline);
        Assert.Equal(new uint[] { 1234 }, await HashesDueAsync(GrainHashRange.Full));

        var filled = await Storage.FillMissingDeadlineHashesAsync((type, key) => (uint)(type.Length * 1000 + key.Length));

        Assert.Equal(2, filled);
        Assert.Equal(
            [legacy with { GrainHash = 12007 }, legacySameGrain with { GrainHash = 12007 }, legacyOther with { GrainHash = 12008 }, hashed],
            await Storage.ReadDueDeadlinesAsync([GrainHashRange.Full], At(59), 10));
        Assert.Equal(0, await Storage.FillMissingDeadlineHashesAsync((_, _) => throw new InvalidOperationException("nothing left to hash")));
    }

    [Fact]
    public async Task A_database_at_schema_version_2_gets_the_hash_column_and_keeps_its_deadlines()
    {
        var deadline = Deadline("g1", "sla", At(5), "kept");
        await Storage.UpsertDeadlineAsync(deadline);
        await Storage.DisposeAsync();
        await ExecuteSqlAsync(UndoStatistics + UndoDeadlineHashes);
        Assert.Equal(2, await ReadSchemaVersionAsync());

        var upgraded = await OpenAsync();

        Assert.Equal(NewestSchemaVersion, await ReadSchemaVersionAsync());
        Assert.Equal([deadline], await upgraded.ReadDueDeadlinesAsync(At(59), 10));
        Assert.Equal(1, await upgraded.FillMissingDeadlineHashesAsync((_, _) => 77));
        Assert.Equal([deadline with { GrainHash = 77 }], await upgraded.ReadDueDeadlinesAsync([new GrainHashRange(76, 77)], At(59), 10));
    }

    private async Task<uint[]> HashesDueAsync(params GrainHashRange[] ranges) =>
        (await Storage.ReadDueDeadlinesAsync(ranges, At(59), 100)).Select(d => d.GrainHash!.Value).ToArray();
}
