using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

public sealed class BlockingAndQueueInfoTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_blocked_customer_is_refused_with_a_stable_code_and_creates_no_work()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        var first = await world.Intake("spammer");
        await world.Close(first.ConversationId, "supervisor");
        await world.Customer(first.CustomerId).SetBlocked(true);

        var refused = await Assert.ThrowsAsync<RoutingRefusedException>(() => world.Intake("spammer", "buy now"));
        Assert.Equal(RoutingRefusedException.CustomerBlocked, refused.Code);
        Assert.Equal(1, (await world.Customer(first.CustomerId).Get()).ConversationCount);
        Assert.Empty(await world.Department("support").GetWaiting());
    }

    [Fact]
    public async Task A_blocked_identity_is_refused_before_any_customer_exists()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.Factory.GetGrain<IIdentityIndexGrain>(RoutingKeys.Identity(world.WorkspaceId, Channel.Email, "spam@example.com")).SetBlocked(true);

        var refused = await Assert.ThrowsAsync<RoutingRefusedException>(() => world.Intake("spam@example.com", channel: Channel.Email));
        Assert.Equal(RoutingRefusedException.IdentityBlocked, refused.Code);
        Assert.Empty(await world.Department("support").GetWaiting());
        Assert.Equal(new IdentityView(null, true),
            await world.Factory.GetGrain<IIdentityIndexGrain>(RoutingKeys.Identity(world.WorkspaceId, Channel.Email, "spam@example.com")).Get());
    }

    [Fact]
    public async Task With_nobody_online_the_dialog_waits_and_the_customer_hears_the_expected_wait()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.Workspace.ConfigureDepartment("support", new DepartmentConfig { AverageHandleTime = TimeSpan.FromMinutes(4) });
        world.Departments.Add("support");
        await world.AddOperator("ann", 2, "support");

        var conversationKey = RoutingKeys.Conversation(world.WorkspaceId, "c-Chat-late-1");
        using var events = silo.Events().Subscribe("conversation:" + conversationKey);
        var waiting = await world.Intake("late");
        Assert.Equal(ConversationStatus.Queued, waiting.Status);

        var told = Published.First<NoOperatorOnline>(events);
        Assert.Equal((waiting.ConversationId, "support", 1), (told.ConversationId, told.DepartmentId, told.Position));
        Assert.Null(told.ExpectedWait); // nobody online and no recent rate: unknown rather than invented
        Assert.False(told.OfflineRequest);
    }

    [Fact]
    public async Task With_offline_requests_configured_a_dialog_arriving_when_nobody_is_online_becomes_one_and_is_still_served()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.Workspace.ConfigureDepartment("support", new DepartmentConfig { OfflineRequestsWhenNobodyOnline = true });
        world.Departments.Add("support");
        await world.AddOperator("ann", 1, "support");

        var request = await world.Intake("night-owl");
        var view = await world.Conversation(request.ConversationId).Get();
        Assert.True(view.OfflineRequest);
        Assert.Equal(ConversationStatus.Queued, view.Status);

        await world.Online("ann"); // in the morning: nothing was dropped
        await world.Settle();
        Assert.Equal("ann", (await world.Conversation(request.ConversationId).Get()).OperatorId);
    }

    [Fact]
    public async Task Queue_position_and_expected_wait_follow_the_recent_assignment_rate()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.Workspace.ConfigureDepartment("support", new DepartmentConfig { AverageHandleTime = TimeSpan.FromMinutes(4) });
        world.Departments.Add("support");
        await world.AddOperator("ann", 2, "support");
        await world.Online("ann");

        var held = new[] { await world.Intake("a"), await world.Intake("b") };
        var first = await world.Intake("c");
        var second = await world.Intake("d");
        // The two assignments just made are the recent rate the estimate uses.
        var position = await world.Department("support").GetQueuePosition(second.ConversationId);
        Assert.NotNull(position);
        Assert.Equal(2, position.Position);
        Assert.NotNull(position.ExpectedWait);
        Assert.Null(await world.Department("support").GetQueuePosition(held[0].ConversationId)); // assigned, not waiting
        Assert.Equal(1, (await world.Department("support").GetQueuePosition(first.ConversationId))!.Position);
    }
}
