using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

/// <summary>
/// Issue 15, licensed seats in the workspace grain: a new operator beyond them is refused and changes nothing, a replace
/// never counts twice, a removal frees a seat, concurrent adds never exceed the seats (counted in one turn), a licence
/// lowered below the count is kept and reported, and all of it survives a crash.
/// </summary>
public sealed class WorkspaceSeatsTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static readonly ApiKeyRecord FirstAdminKey = new("k1", ApiKeyScope.Admin, "first", new string('a', 64), DateTimeOffset.UnixEpoch);

    private static OperatorProfile Profile(int capacity = 1) => new() { Capacity = capacity, Departments = [new DepartmentMembership("support")] };

    [Fact]
    public async Task Concurrent_adds_never_exceed_the_seats_and_the_refused_ones_change_nothing()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.Workspace.Create(FirstAdminKey, seats: 5);
        await world.AddDepartment("support");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                await world.Workspace.ConfigureOperator($"op{i}", Profile());
                return null;
            }
            catch (RoutingRefusedException refused)
            {
                return refused.Code;
            }
        }));

        Assert.Equal(5, attempts.Count(code => code is null));
        Assert.Equal(15, attempts.Count(code => code == RoutingRefusedException.SeatLimitReached));
        var configured = await world.Workspace.GetOperators();
        Assert.Equal(5, configured.Count);
        Assert.Equal(new SeatsView(5, 5), await world.Workspace.GetSeats());
        // A refused operator was never pushed anywhere: its grain knows no profile and no department lists it.
        var refusedId = Enumerable.Range(0, 20).Select(i => $"op{i}").First(id => !configured.ContainsKey(id));
        Assert.Equal(0, (await world.Operator(refusedId).GetSnapshot()).Version);
    }

    [Fact]
    public async Task A_replace_never_counts_twice_a_removal_frees_a_seat_and_a_lowered_licence_is_kept_across_a_crash()
    {
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.Workspace.Create(FirstAdminKey);
        await world.AddDepartment("support");
        Assert.Equal(new SeatsView(null, 0), await world.Workspace.GetSeats());
        Assert.Equal(new SeatsView(2, 0), await world.Workspace.SetSeats(2));
        await world.Workspace.ConfigureOperator("ann", Profile());
        await world.Workspace.ConfigureOperator("bob", Profile());
        await world.Workspace.ConfigureOperator("ann", Profile(capacity: 3)); // a replace: no seat taken

        var full = await Assert.ThrowsAsync<RoutingRefusedException>(() => world.Workspace.ConfigureOperator("cid", Profile()));
        Assert.Equal(RoutingRefusedException.SeatLimitReached, full.Code);
        Assert.True(await world.Workspace.RemoveOperator("bob"));
        Assert.False(await world.Workspace.RemoveOperator("bob"));
        await world.Workspace.ConfigureOperator("cid", Profile());
        Assert.Equal(new SeatsView(2, 2), await world.Workspace.GetSeats());

        Assert.Equal(new SeatsView(1, 2), await world.Workspace.SetSeats(1)); // below the count: kept, nobody removed
        await Assert.ThrowsAsync<RoutingRefusedException>(() => world.Workspace.ConfigureOperator("dan", Profile()));
        await world.Workspace.ConfigureOperator("cid", Profile(capacity: 2)); // existing operators still change
        await Assert.ThrowsAsync<ArgumentException>(() => world.Workspace.SetSeats(-1));
        await silo.CrashAsync();

        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, silo.Time);
        world.Factory = restarted.Factory;
        Assert.Equal(new SeatsView(1, 2), await world.Workspace.GetSeats());
        Assert.Equal(["ann", "cid"], (await world.Workspace.GetOperators()).Keys.Order(StringComparer.Ordinal));
        await Assert.ThrowsAsync<RoutingRefusedException>(() => world.Workspace.ConfigureOperator("dan", Profile()));
        Assert.Equal(new SeatsView(null, 2), await world.Workspace.SetSeats(null));
        await world.Workspace.ConfigureOperator("dan", Profile());
    }

    [Fact]
    public async Task A_removed_operator_leaves_their_departments_and_is_never_routed_and_one_holding_dialogs_is_not_removed()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddOperator("ann", 1, "support");
        await world.AddOperator("bob", 1, "support");
        await world.Online("ann");
        var held = await world.Intake("c1");
        Assert.Equal("ann", held.OperatorId);

        await Assert.ThrowsAsync<InvalidOperationException>(() => world.Workspace.RemoveOperator("ann"));
        Assert.True((await world.Workspace.GetOperators()).ContainsKey("ann"));

        await world.Online("bob");
        Assert.True(await world.Workspace.RemoveOperator("bob"));
        Assert.Equal(OperatorAccess.NotConfigured, await world.Workspace.GetOperatorAccess("bob"));
        Assert.Equal(OperatorStatus.Offline, (await world.Operator("bob").GetSnapshot()).Status);
        await Assert.ThrowsAsync<InvalidOperationException>(() => world.Online("bob"));
        var waiting = await world.Intake("c2");
        await world.Settle();
        Assert.Equal(ConversationStatus.Queued, (await world.Conversation(waiting.ConversationId).Get()).Status);
    }
}
