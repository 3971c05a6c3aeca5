
namespace Routing.Storage.Tests;

// Versioned state records: optimistic concurrency as Orleans' grain storage.
public abstract partial class GrainStorageConformanceTests
{
    [Fact]
    public async Task State_round_trips_and_each_write_bumps_the_version()
    {
        var key = StateKey();

        Assert.Equal(1, await Storage.WriteStateAsync(key, Bytes("one"), expectedVersion: null));
        var first = await Storage.ReadStateAsync(key);
        Assert.Equal(("one", 1L), (Text(first!.Payload), first.Version));

        Assert.Equal(2, await Storage.WriteStateAsync(key, Bytes("two"), expectedVersion: 1));
        var second = await Storage.ReadStateAsync(key);
        Assert.Equal(("two", 2L), (Text(second!.Payload), second.Version));
    }

    [Fact]
    public async Task Reading_a_record_never_written_returns_null()
    {
        Assert.Null(await Storage.ReadStateAsync(StateKey("nobody")));
    }

    [Fact]
    public async Task An_empty_payload_is_stored_as_empty_not_as_cleared()
    {
        var key = StateKey();
        await Storage.WriteStateAsync(key, ReadOnlyMemory<byte>.Empty, expectedVersion: null);

        var stored = await Storage.ReadStateAsync(key);
        Assert.NotNull(stored!.Payload);
        Assert.Empty(stored.Payload);
    }

    [Fact]
    public async Task A_stale_write_conflicts_and_changes_nothing()
    {
        var key = StateKey();
        await Storage.WriteStateAsync(key, Bytes("one"), null);
        await Storage.WriteStateAsync(key, Bytes("two"), 1);

        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => Storage.WriteStateAsync(key, Bytes("stale"), 1));

        Assert.Equal((2L, 1L), (conflict.StoredVersion, conflict.ExpectedVersion));
        var stored = await Storage.ReadStateAsync(key);
        Assert.Equal(("two", 2L), (Text(stored!.Payload), stored.Version));
    }

    [Fact]
    public async Task Inserting_a_record_that_exists_conflicts()
    {
        var key = StateKey();
        await Storage.WriteStateAsync(key, Bytes("first"), null);

        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => Storage.WriteStateAsync(key, Bytes("second"), null));

        Assert.Equal((1L, (long?)null), (conflict.StoredVersion, conflict.ExpectedVersion));
        Assert.Equal("first", Text((await Storage.ReadStateAsync(key))!.Payload));
    }

    [Fact]
    public async Task Inserting_over_a_cleared_record_conflicts()
    {
        var key = StateKey();
        await Storage.WriteStateAsync(key, Bytes("first"), null);
        await Storage.ClearStateAsync(key, 1);

        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => Storage.WriteStateAsync(key, Bytes("again"), null));

        Assert.Equal(2, conflict.StoredVersion);
    }

    [Fact]
    public async Task Writing_with_an_expected_version_to_a_missing_record_conflicts()
    {
        var key = StateKey();

        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => Storage.WriteStateAsync(key, Bytes("x"), 3));

        Assert.Equal(((long?)null, 3L), (conflict.StoredVersion, conflict.ExpectedVersion));
        Assert.Null(await Storage.ReadStateAsync(key));
    }

    [Fact]
    public async Task A_clear_keeps_the_row_with_a_new_version_and_the_next_write_uses_it()
    {
        var key = StateKey();
        await Storage.WriteStateAsync(key, Bytes("one"), null);

        Assert.Equal(2, await Storage.ClearStateAsync(key, 1));
        var cleared = await Storage.ReadStateAsync(key);
        Assert.Equal(((byte[]?)null, 2L), (cleared!.Payload, cleared.Version));

        Assert.Equal(3, await Storage.WriteStateAsync(key, Bytes("three"), 2));
        Assert.Equal("three", Text((await Storage.ReadStateAsync(key))!.Payload));
    }

    [Fact]
    public async Task A_clear_with_a_stale_version_conflicts_and_changes_nothing()
    {
        var key = StateKey();
        await Storage.WriteStateAsync(key, Bytes("one"), null);
        await Storage.WriteStateAsync(key, Bytes("two"), 1);

        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => Storage.ClearStateAsync(key, 1));

        Assert.Equal((2L, 1L), (conflict.StoredVersion, conflict.ExpectedVersion));
        var stored = await Storage.ReadStateAsync(key);
        Assert.Equal(("two", 2L), (Text(stored!.Payload), stored.Version));
    }

    [Fact]
    public async Task Clearing_a_never_written_record_without_expected_version_is_a_no_op_returning_zero()
    {
        var key = StateKey();

        Assert.Equal(0, await Storage.ClearStateAsync(key, expectedVersion: null));

        Assert.Null(await Storage.ReadStateAsync(key));
        Assert.Equal(1, await Storage.WriteStateAsync(key, Bytes("first"), null));
    }

    [Fact]
    public async Task Clearing_an_existing_record_without_expected_version_conflicts()
    {
        var key = StateKey();
        await Storage.WriteStateAsync(key, Bytes("one"), null);

        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => Storage.ClearStateAsync(key, expectedVersion: null));

        Assert.Equal(1, conflict.StoredVersion);
        Assert.Equal("one", Text((await Storage.ReadStateAsync(key))!.Payload));
    }

    [Fact]
    public async Task Clearing_a_missing_record_with_an_expected_version_conflicts()
    {
        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => Storage.ClearStateAsync(StateKey(), 1));

        Assert.Null(conflict.StoredVersion);
    }

    [Fact]
    public async Task Records_are_told_apart_by_grain_type_grain_key_and_state_name()
    {
        var keys = new[] { StateKey("a"), StateKey("b"), StateKey("a", stateName: "other"), StateKey("a", grainType: "agent") };
        foreach (var key in keys) await Storage.WriteStateAsync(key, Bytes(key.ToString()), null);

        foreach (var key in keys)
        {
            var stored = await Storage.ReadStateAsync(key);
            Assert.Equal((key.ToString(), 1L), (Text(stored!.Payload), stored.Version));
        }
    }

    [Fact]
    public async Task Invalid_arguments_are_rejected_before_anything_is_queued()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Storage.WriteStateAsync(StateKey(), Bytes("x"), -1));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Storage.ReadStateAsync(default));
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.WriteStateAsync(StateKey("nul\0key"), Bytes("x"), null));
        Assert.Equal(0, Storage.CommitStatistics.Operations);
    }
}
