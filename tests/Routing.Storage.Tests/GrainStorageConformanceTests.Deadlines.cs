using Routing.Storage;

namespace Routing.Storage.Tests;

// Durable one-shot deadlines: one per (grain, name), told apart by token.
public abstract partial class GrainStorageConformanceTests
{
    [Fact]
    public async Task A_deadline_round_trips_with_its_payload_and_token()
    {
        var withPayload = Deadline("g1", "sla", At(5), payload: """{"step":2}""");
        var withoutPayload = Deadline("g2", "sla", At(6));
        await Storage.UpsertDeadlineAsync(withPayload);
        await Storage.UpsertDeadlineAsync(withoutPayload);

        Assert.Equal([withPayload, withoutPayload], await Storage.ReadDueDeadlinesAsync(At(59), 10));
    }

    [Fact]
    public async Task Scheduling_the_same_grain_and_name_again_replaces_the_deadline()
    {
        await Storage.UpsertDeadlineAsync(Deadline("g1", "sla", At(5), "old"));
        var replacement = Deadline("g1", "sla", At(7), "new");
        await Storage.UpsertDeadlineAsync(replacement);
        var otherName = Deadline("g1", "wrap-up", At(6));
        await Storage.UpsertDeadlineAsync(otherName);

        Assert.Equal([otherName, replacement], await Storage.ReadDueDeadlinesAsync(At(59), 10));
    }

    [Fact]
    public async Task Due_deadlines_come_earliest_first_up_to_the_limit_and_never_early()
    {
        var late = Deadline("g1", "a", At(9));
        var early = Deadline("g2", "a", At(1));
        var tieB = Deadline("g4", "a", At(5));
        var tieA = Deadline("g3", "a", At(5));
        var future = Deadline("g5", "a", At(30));
        foreach (var deadline in new[] { late, early, tieB, future, tieA }) await Storage.UpsertDeadlineAsync(deadline);

        Assert.Equal([early, tieA, tieB, late], await Storage.ReadDueDeadlinesAsync(At(9), 10));
        Assert.Equal([early, tieA], await Storage.ReadDueDeadlinesAsync(At(9), 2));
        Assert.Equal([early], await Storage.ReadDueDeadlinesAsync(At(4, 59), 10));
        Assert.Empty(await Storage.ReadDueDeadlinesAsync(At(0), 10));
        Assert.Empty(await Storage.ReadDueDeadlinesAsync(At(59), 0));
    }

    [Fact]
    public async Task Deleting_with_a_token_removes_only_the_registration_holding_it()
    {
        var fired = Deadline("g1", "sla", At(5));
        await Storage.UpsertDeadlineAsync(fired);
        var replacement = Deadline("g1", "sla", At(8));
        await Storage.UpsertDeadlineAsync(replacement);

        Assert.False(await Storage.DeleteDeadlineAsync("conversation", "g1", "sla", fired.Token));
        Assert.Equal([replacement], await Storage.ReadDueDeadlinesAsync(At(59), 10));

        Assert.True(await Storage.DeleteDeadlineAsync("conversation", "g1", "sla", replacement.Token));
        Assert.Empty(await Storage.ReadDueDeadlinesAsync(At(59), 10));
        Assert.False(await Storage.DeleteDeadlineAsync("conversation", "g1", "sla", replacement.Token));
    }

    [Fact]
    public async Task Cancelling_deletes_the_deadline_whatever_its_token()
    {
        var kept = Deadline("g1", "other", At(5));
        await Storage.UpsertDeadlineAsync(Deadline("g1", "sla", At(5)));
        await Storage.UpsertDeadlineAsync(kept);

        await Storage.DeleteDeadlineAsync("conversation", "g1", "sla");
        await Storage.DeleteDeadlineAsync("conversation", "g1", "never-scheduled");

        Assert.Equal([kept], await Storage.ReadDueDeadlinesAsync(At(59), 10));
    }

    [Fact]
    public async Task Due_times_are_kept_in_utc_to_the_microsecond()
    {
        var local = new DateTimeOffset(2026, 1, 5, 11, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567); // 0.1234567 s
        await Storage.UpsertDeadlineAsync(Deadline("g1", "sla", local));

        var stored = Assert.Single(await Storage.ReadDueDeadlinesAsync(local, 10));

        Assert.Equal(TimeSpan.Zero, stored.DueAt.Offset);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero).AddTicks(1_234_560), stored.DueAt);
        Assert.Equal(StorageTime.Normalize(local), stored.DueAt);
    }

    [Fact]
    public async Task Deadline_text_with_nul_characters_is_rejected_by_every_provider()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.UpsertDeadlineAsync(Deadline("g1", "sla", At(5), payload: "a\0b")));
    }
}
