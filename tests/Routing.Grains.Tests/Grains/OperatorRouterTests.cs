using Microsoft.Extensions.Time.Testing;
using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

/// <summary>
/// The router's path when an operator frees capacity (issue 12): the operator's change carries its snapshot, an operator
/// in one department costs one department call (Serve) per dialog given, several departments are asked for their heads
/// and share the operator fairly, and the router stops when the snapshot a department answers with shows no room.
/// Calls are counted at the grains' door (<see cref="RouterProbe"/>), after every router came to rest.
/// </summary>
public sealed class OperatorRouterTests : IDisposable
{
    private const string Serve = "IDepartmentGrain.Serve";
    private const string Heads = "IDepartmentGrain.UpdateOperator";
    private const string Snapshots = "IOperatorGrain.GetSnapshot";
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task In_one_department_each_dialog_given_costs_one_department_call_and_none_follows_once_full()
    {
        var time = new FakeTimeProvider(TestClock.MondayMorning);
        var probe = new RouterProbe();
        await using var silo = await probe.StartSiloAsync(_database.DatabasePath, time);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("desk");
        await world.Workspace.SetEntryRouting(new EntryRouting("desk"));
        await world.AddOperator("ann", 2, "desk");
        var waiting = await WaitingOneSecondApart(world, time, "v1", "v2", "v3", "v4");

        var calls = await Counted(probe, () => world.Online("ann"));
        Assert.Equal((2, 0, 0), calls); // two dialogs, two calls: the second one's answer shows her full
        Assert.Equal(waiting[..2], Held(await world.Operator("ann").GetSnapshot()));
        Assert.Equal(waiting[2..], await world.Department("desk").GetWaiting());

        calls = await Counted(probe, () => world.Close(waiting[0], "operator"));
        Assert.Equal((1, 0, 0), calls); // no snapshot asked back, no second round to find her full
        Assert.Equal([waiting[1], waiting[2]], Held(await world.Operator("ann").GetSnapshot()));
        Assert.Equal([waiting[3]], await world.Department("desk").GetWaiting());
    }

    [Fact]
    public async Task An_operator_in_several_departments_is_served_by_priority_then_the_longest_wait_across_them()
    {
        var time = new FakeTimeProvider(TestClock.MondayMorning);
        var probe = new RouterProbe();
        await using var silo = await probe.StartSiloAsync(_database.DatabasePath, time);
        var world = await SupportAndSales(silo);
        await world.AddOperator("ann", 1, "support", "sales");
        var supportOld = (await world.Intake("s-old")).ConversationId;
        time.Advance(TimeSpan.FromSeconds(1));
        var salesOld = (await world.Intake("b-old", topic: "buy")).ConversationId;
        time.Advance(TimeSpan.FromSeconds(1));
        var supportNew = (await world.Intake("s-new")).ConversationId;
        time.Advance(TimeSpan.FromSeconds(1));
        var salesVip = (await world.Intake("b-vip", topic: "buy", priority: Priority.Vip)).ConversationId;

        // Each dialog given: both departments asked for their head, the chosen one's department serves it.
        Assert.Equal((1, 2, 0), await Counted(probe, () => world.Online("ann")));
        var served = new List<string>();
        for (var step = 0; step < 4; step++)
        {
            var held = Assert.Single(Held(await world.Operator("ann").GetSnapshot()));
            served.Add(held);
            Assert.Equal(served.Count < 4 ? (1, 2, 0) : (0, 2, 0), await Counted(probe, () => world.Close(held, "operator")));
        }
        Assert.Equal([salesVip, supportOld, salesOld, supportNew], served);
    }

    [Fact]
    public async Task A_router_that_loses_its_chosen_dialog_gets_the_department_next_one_in_the_same_call()
    {
        var time = new FakeTimeProvider(TestClock.MondayMorning);
        var probe = new RouterProbe();
        await using var silo = await probe.StartSiloAsync(_database.DatabasePath, time);
        var world = await SupportAndSales(silo);
        await world.AddOperator("ann", 1, "support", "sales"); // several departments: her router names the dialog it chose
        await world.AddOperator("bob", 1, "support");
        await world.Online("ann");
        await world.Online("bob");
        var annHeld = (await world.Intake("a")).ConversationId;
        var bobHeld = (await world.Intake("b")).ConversationId;
        if ((await world.Conversation(annHeld).Get()).OperatorId != "ann") (annHeld, bobHeld) = (bobHeld, annHeld);
        time.Advance(TimeSpan.FromSeconds(1));
        var first = (await world.Intake("first")).ConversationId;
        time.Advance(TimeSpan.FromSeconds(1));
        var next = (await world.Intake("next")).ConversationId;
        await probe.AtRest();
        var servesBefore = probe.Calls(Serve);

        // Ann's router chooses the head and asks for it; bob takes it before her call reaches the department.
        probe.HoldServesOf("ann");
        await world.Close(annHeld, "operator");
        await Eventually.Within(probe.Held);
        await world.Close(bobHeld, "operator");
        await Eventually.True(async () => (await world.Conversation(first).Get()).OperatorId == "bob", "bob is given the head");
        probe.Release();
        await probe.AtRest();

        Assert.Equal([next], Held(await world.Operator("ann").GetSnapshot()));
        Assert.Empty(await world.Department("support").GetWaiting());
        Assert.Equal(2, probe.Calls(Serve) - servesBefore); // one each: the lost race cost ann no second call
    }

    [Fact]
    public async Task Routers_of_many_operators_racing_for_the_same_heads_leave_no_capacity_idle()
    {
        var random = new Random(12_013);
        var time = new FakeTimeProvider(TestClock.MondayMorning);
        var probe = new RouterProbe();
        await using var silo = await probe.StartSiloAsync(_database.DatabasePath, time);
        var world = await SupportAndSales(silo);
        for (var i = 0; i < 12; i++) await world.AddOperator($"op{i}", 1 + i % 3, "support", "sales"); // 24 places, all offline
        var open = new HashSet<string>();
        var firstWaiting = new Dictionary<string, List<string>> { ["support"] = [], ["sales"] = [] };
        for (var i = 0; i < 60; i++)
        {
            var sales = random.Next(2) == 0;
            var id = (await world.Intake($"v{i}", topic: sales ? "buy" : null, priority: random.Next(5) == 0 ? Priority.Vip : Priority.Normal)).ConversationId;
            open.Add(id);
            firstWaiting[sales ? "sales" : "support"].Add(id);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        // Everybody at once: every router asks both departments, most choose the same head and all but one lose it.
        await Task.WhenAll(world.Operators.Select(op => Task.Run(() => world.Online(op))));
        await Check("after everybody came online");

        // A third of the assigned dialogs close at once: their routers race again.
        var assigned = (await world.Snapshots()).Values.SelectMany(s => s.Active).Select(a => a.ConversationId).Order(StringComparer.Ordinal).ToList();
        await Task.WhenAll(assigned.OrderBy(_ => random.Next()).Take(assigned.Count / 3).ToList().Select(conversation => Task.Run(async () =>
        {
            await world.Close(conversation, "operator");
            lock (open) open.Remove(conversation);
        })));
        await Check("after a third closed at once");

        async Task Check(string when)
        {
            // No nudge (Settle asks every router again): what the routers did when told is what is checked.
            await probe.AtRest();
            foreach (var department in world.Departments) await world.Department(department).Flush();
            var problems = await RoutingInvariants.Check(world, open);
            foreach (var (_, ids) in firstWaiting) problems.AddRange(await RoutingInvariants.ServedInOrder(world, ids.Where(open.Contains).ToList()));
            Assert.True(problems.Count == 0, $"{when}:\n" + string.Join("\n", problems.Take(20)));
            Assert.All((await world.Snapshots()).Values, s => Assert.Equal(s.Profile.Capacity, s.Load)); // more wait than there are places
        }
    }

    [Fact]
    public async Task A_pull_department_serves_nothing()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.Workspace.ConfigureDepartment("desk", new DepartmentConfig { Distribution = DialogDistribution.Pull });
        world.Departments.Add("desk");
        await world.Workspace.SetEntryRouting(new EntryRouting("desk"));
        await world.AddOperator("ann", 2, "desk");
        var online = await world.Operator("ann").SetStatus(OperatorStatus.Online);
        var waiting = (await world.Intake("v1")).ConversationId;
        var desk = world.Department("desk");

        var served = await desk.Serve(online, waiting);

        Assert.Equal((ServeOutcome.Nothing, null, online.Version), (served.Outcome, served.ConversationId, served.Operator.Version));
        Assert.Equal([waiting], await desk.GetWaiting());
        Assert.Null(Assert.Single(await desk.GetIncoming("ann", 10)).WhyNotNow); // hers to take
        Assert.Equal(0, (await world.Operator("ann").GetSnapshot()).Load);
    }

    [Fact]
    public async Task In_offer_mode_the_one_call_offers_the_next_dialog()
    {
        var probe = new RouterProbe();
        await using var silo = await probe.StartSiloAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.Workspace.ConfigureDepartment("sales", new DepartmentConfig { OfferMode = true, AcceptTimeout = TimeSpan.FromSeconds(20) });
        world.Departments.Add("sales");
        await world.Workspace.SetEntryRouting(new EntryRouting("sales"));
        await world.AddOperator("ann", 1, "sales");
        await world.Online("ann");
        var first = (await world.Intake("v1")).ConversationId;
        Assert.True(await world.Department("sales").AcceptOffer(first, "ann"));
        var second = (await world.Intake("v2")).ConversationId;

        Assert.Equal((1, 0, 0), await Counted(probe, () => world.Close(first, "operator")));

        var view = await world.Conversation(second).Get();
        Assert.Equal((ConversationStatus.Offered, "ann"), (view.Status, view.OperatorId));
        Assert.Equal([second], Held(await world.Operator("ann").GetSnapshot()));
    }

    [Fact]
    public async Task A_stale_snapshot_never_overwrites_a_newer_one()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("desk");
        await world.Workspace.SetEntryRouting(new EntryRouting("desk"));
        await world.AddOperator("ann", 1, "desk");
        var online = await world.Operator("ann").SetStatus(OperatorStatus.Online);
        var away = await world.Operator("ann").SetStatus(OperatorStatus.Away);
        await world.Settle(); // her router has handed "away" to the department
        var waiting = (await world.Intake("v1")).ConversationId;
        var desk = world.Department("desk");

        // "Online, with room" arrives late (a one-way message overtaken): the department decides by "away".
        Assert.Null(await desk.UpdateOperator(online));
        var served = await desk.Serve(online, null);

        Assert.Equal((ServeOutcome.Nothing, away.Version, OperatorStatus.Away), (served.Outcome, served.Operator.Version, served.Operator.Status));
        Assert.Equal([waiting], await desk.GetWaiting());
        Assert.Equal(0, (await world.Operator("ann").GetSnapshot()).Load);
    }

    /// <summary>"support", and "sales" for the topic "buy"; new dialogs go to support otherwise.</summary>
    private static async Task<RoutingWorld> SupportAndSales(TestSilo silo)
    {
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddDepartment("sales");
        await world.Workspace.SetEntryRouting(new EntryRouting("support") { Rules = [new EntryRule("sales") { Topics = ["buy"] }] });
        return world;
    }

    private static async Task<string[]> WaitingOneSecondApart(RoutingWorld world, FakeTimeProvider time, params string[] visitors)
    {
        var ids = new List<string>();
        foreach (var visitor in visitors)
        {
            ids.Add((await world.Intake(visitor)).ConversationId);
            time.Advance(TimeSpan.FromSeconds(1));
        }
        return [.. ids];
    }

    /// <summary>The department's Serve and UpdateOperator calls and the operators' GetSnapshot calls the action caused, once the routers are at rest.</summary>
    private static async Task<(int Serve, int Heads, int Snapshots)> Counted(RouterProbe probe, Func<Task> action)
    {
        await probe.AtRest();
        var (serve, heads, snapshots) = (probe.Calls(Serve), probe.Calls(Heads), probe.Calls(Snapshots));
        await action();
        await probe.AtRest();
        return (probe.Calls(Serve) - serve, probe.Calls(Heads) - heads, probe.Calls(Snapshots) - snapshots);
    }

    /// <summary>The dialogs they hold, by id (the visitors of these tests are numbered in the order they came).</summary>
    private static List<string> Held(OperatorSnapshot snapshot) => [.. snapshot.Active.Select(a => a.ConversationId).Order(StringComparer.Ordinal)];
}
