using Microsoft.Extensions.Time.Testing;
using Routing.GrainInterfaces;
using Routing.Grains.Policies;
using Xunit.Abstractions;

namespace Routing.Grains.Tests.Grains;

/// <summary>
/// Many operators free capacity at once in one department (issue 12): their routers' Serve calls claim dialogs
/// and reserve them outside the department's turn concurrently, while new dialogs arrive, waiting dialogs close (a
/// Detach of a dialog perhaps claimed) and lost races ask for the same dialogs. After each wave, and again after a
/// restart: every open dialog is assigned once or waits once, nobody is over capacity, every routing invariant holds,
/// and the queue was served in order: no dialog that waited from the start still waits behind one that was assigned.
/// The choices follow the seed; the interleaving of the parallel calls is the runtime's.
/// </summary>
public sealed class ClaimConcurrencyTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 12_012;
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Operators_freeing_at_once_are_served_the_queue_in_order_with_every_dialog_in_one_place()
    {
        var random = new Random(Seed);
        var time = new FakeTimeProvider(TestClock.MondayMorning);
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        var world = new RoutingWorld(silo.Factory);
        await world.Workspace.ConfigureDepartment("desk", new DepartmentConfig());
        world.Departments.Add("desk");
        await world.Workspace.SetEntryRouting(new EntryRouting("desk"));
        for (var i = 0; i < 16; i++) await world.AddOperator($"op{i}", 1 + i % 3, "desk"); // 32 places, all offline

        // 120 dialogs wait, of mixed priorities, one second apart.
        var open = new HashSet<string>();
        var customers = 0;
        for (var i = 0; i < 120; i++)
        {
            var priority = random.Next(5) == 0 ? Priority.Vip : Priority.Normal;
            open.Add((await world.Intake($"visitor-{++customers}", priority: priority)).ConversationId);
            time.Advance(TimeSpan.FromSeconds(1));
        }
        var firstWaiting = open.ToHashSet();

        // Wave 1: everybody comes online at once (each router asks Serve), new dialogs arrive, some waiting ones close, and
        // stray Serve calls for a chosen dialog race the routers for the head.
        var waiting = await world.Department("desk").GetWaiting();
        var calls = new List<Func<Task>>();
        foreach (var op in world.Operators) calls.Add(() => world.Online(op));
        for (var i = 0; i < 10; i++) calls.Add(Intake());
        foreach (var conversation in waiting.Skip(40).OrderBy(_ => random.Next()).Take(10).ToList()) calls.Add(Close(conversation));
        foreach (var conversation in waiting.Take(8))
        {
            var op = world.Operators[random.Next(world.Operators.Count)];
            calls.Add(async () => await world.Department("desk").Serve(await world.Operator(op).GetSnapshot(), conversation));
        }
        await RunAtOnce(calls);
        await Check("after everybody came online");

        // Wave 2: a third of the assigned dialogs close at once (their operators' routers ask again), while more arrive.
        var assigned = await AssignedNow();
        calls.Clear();
        foreach (var conversation in assigned.OrderBy(_ => random.Next()).Take(assigned.Count / 3).ToList()) calls.Add(Close(conversation));
        for (var i = 0; i < 10; i++) calls.Add(Intake());
        await RunAtOnce(calls);
        await Check("after a third closed at once");

        // The journal and snapshot hold exactly what memory did.
        var before = await world.Department("desk").GetWaiting();
        await silo.StopAsync();
        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        world.Factory = restarted.Factory;
        Assert.Equal(before, await world.Department("desk").GetWaiting());
        await Check("after a restart");

        Func<Task> Intake() => async () =>
        {
            var id = (await world.Intake($"visitor-{Interlocked.Increment(ref customers)}")).ConversationId;
            lock (open) open.Add(id);
        };

        Func<Task> Close(string conversation) => async () =>
        {
            await world.Close(conversation, "customer");
            lock (open) open.Remove(conversation);
        };

        async Task<List<string>> AssignedNow() =>
            [.. (await world.Snapshots()).Values.SelectMany(s => s.Active).Select(a => a.ConversationId).Order(StringComparer.Ordinal)];

        async Task Check(string when)
        {
            await world.Settle();
            var problems = await RoutingInvariants.Check(world, open);
            problems.AddRange(await RoutingInvariants.ServedInOrder(world, firstWaiting.Where(open.Contains).ToList()));
            var counts = $"{open.Count} open, {(await world.Department("desk").GetWaiting()).Count} waiting";
            output.WriteLine($"{when}: {counts}");
            Assert.True(problems.Count == 0, $"seed {Seed}, {when} ({counts}):\n" + string.Join("\n", problems.Take(20)));
        }
    }

    private static async Task RunAtOnce(List<Func<Task>> calls) => await Task.WhenAll(calls.Select(call => Task.Run(call)));
}
