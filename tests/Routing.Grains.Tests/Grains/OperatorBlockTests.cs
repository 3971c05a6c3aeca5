using Microsoft.Extensions.Time.Testing;
using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

/// <summary>
/// Issue 15, blocking an operator's access in the grains: the workspace refuses their tokens, the operator grain takes them
/// out of routing at once and sends their dialogs back to the queue by their original wait (ahead of newer dialogs), to a
/// colleague; nothing can set them online or give them a dialog until they are unblocked, and all of it survives a restart.
/// </summary>
public sealed class OperatorBlockTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_blocked_operators_dialogs_go_back_ahead_of_newer_ones_and_on_to_a_colleague_and_they_stay_out_of_routing()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath, new FakeTimeProvider(Start));
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddOperator("ann", 2, "support");
        await world.AddOperator("bob", 1, "support");
        await world.Online("ann");
        var first = await world.Intake("c1");
        await silo.AdvanceAsync(TimeSpan.FromSeconds(10));
        var second = await world.Intake("c2");
        Assert.Equal(("ann", "ann"), (first.OperatorId, second.OperatorId));
        await world.Online("bob");
        var bobs = await world.Intake("c3");
        await silo.AdvanceAsync(TimeSpan.FromSeconds(10));
        var newer = await world.Intake("c4"); // everyone is full: it waits
        Assert.Equal(("bob", (string?)null), (bobs.OperatorId, newer.OperatorId));

        var block = await world.Workspace.BlockOperator("ann", "lost phone");

        Assert.Equal(("lost phone", silo.Time.GetUtcNow()), (block.Reason, block.Since));
        Assert.Equal(OperatorAccess.Blocked, await world.Workspace.GetOperatorAccess("ann"));
        await Eventually.True(async () => (await world.Operator("ann").GetSnapshot()) is { Status: OperatorStatus.Offline, Load: 0, Blocked: true },
            "ann offline and empty-handed");
        await Eventually.True(async () => (await world.Department("support").GetWaiting()).Count == 3, "both of ann's dialogs back in the queue");
        var queue = await world.Department("support").GetWaitingDialogs();
        Assert.Equal([first.ConversationId, second.ConversationId, newer.ConversationId], queue.Select(d => d.ConversationId));
        Assert.Equal([Start, Start.AddSeconds(10)], queue.Take(2).Select(d => d.WaitingSince)); // their original wait
        Assert.Contains(await world.Conversation(first.ConversationId).GetTimeline(), e => e.Kind == "operator-blocked" && e.Detail == "from ann");

        // The colleague gets the blocked operator's dialog before the one that waited in the queue.
        await world.Close(bobs.ConversationId, "operator", "bob");
        await Eventually.True(async () => (await world.Conversation(first.ConversationId).Get()).OperatorId == "bob", "ann's first dialog with bob");
        Assert.Equal(ConversationStatus.Queued, (await world.Conversation(newer.ConversationId).Get()).Status);

        // Nothing puts ann back into routing: no status, no assignment by hand (not even forced).
        var online = await Assert.ThrowsAsync<RoutingRefusedException>(() => world.Operator("ann").SetStatus(OperatorStatus.Online));
        Assert.Equal(RoutingRefusedException.OperatorBlocked, online.Code);
        await Assert.ThrowsAsync<RoutingRefusedException>(() => world.Operator("ann").SetStatus(OperatorStatus.Away));
        var forced = await Assert.ThrowsAsync<RoutingRefusedException>(() => world.Control(second.ConversationId).AssignByHand("ann", force: true, "try"));
        Assert.Equal(RoutingRefusedException.OperatorUnavailable, forced.Code);
        Assert.Equal(0, (await world.Operator("ann").GetSnapshot()).Load);

        // Unblocked: allowed again, still offline until they set a status.
        Assert.True(await world.Workspace.UnblockOperator("ann"));
        Assert.False(await world.Workspace.UnblockOperator("ann"));
        Assert.Equal(OperatorAccess.Allowed, await world.Workspace.GetOperatorAccess("ann"));
        // A token issued before the block (or in its second) never works again; one issued after the unblock does.
        Assert.Equal(OperatorAccess.TokenRevoked, await world.Workspace.GetOperatorAccess("ann", Start));
        Assert.Equal(OperatorAccess.TokenRevoked, await world.Workspace.GetOperatorAccess("ann", block.Since.AddMilliseconds(999 - block.Since.Millisecond)));
        Assert.Equal(OperatorAccess.Allowed, await world.Workspace.GetOperatorAccess("ann", block.Since.AddSeconds(1)));
        Assert.Equal((OperatorStatus.Offline, false), ((await world.Operator("ann").GetSnapshot()).Status, (await world.Operator("ann").GetSnapshot()).Blocked));
        await world.Online("ann");
        await world.Settle();
        Assert.Equal("ann", (await world.Conversation(second.ConversationId).Get()).OperatorId);
    }

    [Fact]
    public async Task A_block_is_kept_across_a_crash_and_a_repeat_keeps_the_first_block()
    {
        var time = new FakeTimeProvider(Start);
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddOperator("ann", 1, "support");
        await world.Online("ann");
        var first = await world.Workspace.BlockOperator("ann", "dismissed");
        await silo.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(first, await world.Workspace.BlockOperator("ann", "again"));
        await silo.CrashAsync();

        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        world.Factory = restarted.Factory;
        Assert.Equal(OperatorAccess.Blocked, await world.Workspace.GetOperatorAccess("ann"));
        Assert.Equal(first, (await world.Workspace.GetOperatorBlocks())["ann"]);
        Assert.True((await world.Operator("ann").GetSnapshot()).Blocked);
        await Assert.ThrowsAsync<RoutingRefusedException>(() => world.Online("ann"));
    }

    [Fact]
    public async Task Blocking_refuses_an_unknown_operator_and_a_long_reason_and_changes_nothing()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddOperator("ann", 1, "support");

        await Assert.ThrowsAsync<ArgumentException>(() => world.Workspace.BlockOperator("nobody", "x"));
        await Assert.ThrowsAsync<ArgumentException>(() => world.Workspace.BlockOperator("ann", new string('x', 501)));
        await Assert.ThrowsAsync<ArgumentException>(() => world.Workspace.UnblockOperator("nobody"));
        Assert.Empty(await world.Workspace.GetOperatorBlocks());
        Assert.Equal(OperatorAccess.Allowed, await world.Workspace.GetOperatorAccess("ann"));
        Assert.Equal(OperatorAccess.NotConfigured, await world.Workspace.GetOperatorAccess("nobody"));
        // Another workspace's operator of the same id is not touched.
        var other = new RoutingWorld(silo.Factory, "ws2");
        await other.AddDepartment("support");
        await other.AddOperator("ann", 1, "support");
        await world.Workspace.BlockOperator("ann", "lost phone");
        Assert.Equal(OperatorAccess.Allowed, await other.Workspace.GetOperatorAccess("ann"));
        Assert.False((await other.Operator("ann").GetSnapshot()).Blocked);
    }
}
