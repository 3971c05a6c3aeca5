using Microsoft.Extensions.Time.Testing;
using Routing.GrainInterfaces;
using Xunit.Abstractions;

namespace Routing.Grains.Tests.Grains;

/// <summary>
/// Takes from the shared queue racing each other and the automatic router: rounds of parallel takes by several operators
/// (several of them on the same dialog at once), new dialogs, closes that free capacity (the router then assigns what
/// waits, one-way, while the takes run) and status changes, in a seeded random schedule. After every round: every dialog
/// has exactly one owner or waits in exactly one queue, nobody is over capacity, every successful take is the one
/// assignment of its dialog (no two winners, no winner the conversation does not name), and the automatic department
/// keeps every routing invariant. A second workspace distributes by pull only: there the takes race only each other.
/// Longer: ROUTING_PULL_ROUNDS=2000 ROUTING_PULL_SEED=7 dotnet test tests/Routing.Grains.Tests --filter PullConcurrencyTests.
/// The choices follow the seed; the interleaving of one round's parallel calls is the runtime's.
/// </summary>
public sealed class PullConcurrencyTests(ITestOutputHelper output) : IDisposable
{
    private const int DefaultRounds = 40;
    private const int DefaultSeed = 15_015;
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Parallel_takes_and_the_router_end_with_exactly_one_owner_per_dialog_and_nobody_over_capacity()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("ROUTING_PULL_ROUNDS"), out var r) ? r : DefaultRounds;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("ROUTING_PULL_SEED"), out var s) ? s : DefaultSeed;
        output.WriteLine($"seed {seed}, {rounds} rounds");
        var random = new Random(seed);
        var time = new FakeTimeProvider(TestClock.MondayMorning);
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        var automatic = await Desk(new RoutingWorld(silo.Factory, "ws-auto"), DialogDistribution.Automatic);
        var pull = await Desk(new RoutingWorld(silo.Factory, "ws-pull"), DialogDistribution.Pull);
        var worlds = new[] { automatic, pull };
        var open = worlds.ToDictionary(w => w, _ => new HashSet<string>());
        var wins = worlds.ToDictionary(w => w, _ => new List<(string Conversation, string Operator)>());
        var customers = 0;
        var takes = 0;

        for (var round = 1; round <= rounds; round++)
        {
            foreach (var world in worlds)
            {
                // New dialogs first (sequentially: an intake may itself be assigned by the router at once).
                for (var n = random.Next(1, 6); n > 0; n--)
                    open[world].Add((await world.Intake($"visitor-{++customers}")).ConversationId);
                var waiting = (await world.Department("desk").GetWaiting()).ToList();
                var calls = new List<Func<Task>>();
                // Two to four operators go for the same dialog at once, on a few dialogs.
                foreach (var target in waiting.OrderBy(_ => random.Next()).Take(random.Next(1, 4)))
                    foreach (var op in world.Operators.OrderBy(_ => random.Next()).Take(random.Next(2, 5)))
                        calls.Add(Take(world, target, op));
                // Single takes of any dialog (waiting or not), closes (freed capacity: the router races the takes), statuses.
                var candidates = open[world].Order(StringComparer.Ordinal).ToArray(); // a stable order: the seed decides the picks
                for (var c = random.Next(4, 10); c > 0; c--)
                {
                    var roll = random.Next(100);
                    var any = candidates[random.Next(candidates.Length)];
                    var op = world.Operators[random.Next(world.Operators.Count)];
                    if (roll < 50) calls.Add(Take(world, any, op));
                    else if (roll < 85) calls.Add(Close(world, any));
                    else calls.Add(Status(world, op, random.Next(3) == 0 ? OperatorStatus.Away : OperatorStatus.Online));
                }
                await Task.WhenAll(calls.Select(call => call()));
            }
            time.Advance(TimeSpan.FromSeconds(random.Next(1, 3)));
            foreach (var world in worlds)
            {
                await world.Settle();
                var problems = await Ownership(world, open[world], wins[world]);
                if (world == automatic) problems.AddRange(await RoutingInvariants.Check(world, open[world]));
                if (problems.Count > 0) Assert.Fail($"seed {seed}, round {round}, {world.WorkspaceId}:\n" + string.Join("\n", problems.Take(20)));
            }
        }
        // Against the router most races are the router's (it assigns the moment capacity is freed), so how many takes win
        // there is the runtime's interleaving (5 to 8 in 40 rounds here); without it, takes must win many dialogs.
        Assert.True(wins[pull].Count > rounds / 4, $"too few takes won to prove anything: {wins[pull].Count}");
        output.WriteLine($"{takes} takes, won: {wins[automatic].Count} racing the router, {wins[pull].Count} in pull");

        Func<Task> Take(RoutingWorld world, string conversation, string op) => async () =>
        {
            var result = await world.Department("desk").Take(conversation, op);
            lock (wins)
            {
                takes++;
                if (result.Taken) wins[world].Add((conversation, op));
            }
        };

        Func<Task> Close(RoutingWorld world, string conversation) => async () =>
        {
            await world.Close(conversation, "model");
            lock (open) open[world].Remove(conversation);
        };

        static Func<Task> Status(RoutingWorld world, string op, OperatorStatus status) => () => world.Operator(op).SetStatus(status);
    }

    /// <summary>Six operators of capacity 1 to 3 in "desk", all online.</summary>
    private static async Task<RoutingWorld> Desk(RoutingWorld world, DialogDistribution distribution)
    {
        await world.Workspace.ConfigureDepartment("desk", new DepartmentConfig { Distribution = distribution });
        world.Departments.Add("desk");
        await world.Workspace.SetEntryRouting(new EntryRouting("desk"));
        for (var i = 0; i < 6; i++)
        {
            await world.AddOperator($"op{i}", 1 + i % 3, "desk");
            await world.Online($"op{i}");
        }
        return world;
    }

    /// <summary>
    /// Exactly one owner: an open dialog is held by the one operator its conversation names, or waits in the queue and is
    /// held by nobody; no operator over capacity; each take that won is its dialog's only assignment, and (while still
    /// open) the conversation names that operator.
    /// </summary>
    private static async Task<List<string>> Ownership(RoutingWorld world, HashSet<string> open, List<(string Conversation, string Operator)> wins)
    {
        var problems = new List<string>();
        var holders = new Dictionary<string, List<string>>();
        foreach (var (id, op) in await world.Snapshots())
        {
            if (op.Load > op.Profile.Capacity) problems.Add($"{id} over capacity: {op.Load}/{op.Profile.Capacity}");
            foreach (var active in op.Active)
                (holders.TryGetValue(active.ConversationId, out var list) ? list : holders[active.ConversationId] = []).Add(id);
        }
        var waiting = (await world.Department("desk").GetWaiting()).ToHashSet();
        foreach (var conversation in open)
        {
            var view = await world.Conversation(conversation).Get();
            var held = holders.GetValueOrDefault(conversation) ?? [];
            var fine = view.Status switch
            {
                ConversationStatus.Assigned => held.Count == 1 && held[0] == view.OperatorId && !waiting.Contains(conversation),
                ConversationStatus.Queued => held.Count == 0 && waiting.Contains(conversation),
                _ => false,
            };
            if (!fine) problems.Add($"{conversation} is {view.Status} to {view.OperatorId}, held by [{string.Join(",", held)}], waiting: {waiting.Contains(conversation)}");
        }
        foreach (var group in wins.GroupBy(w => w.Conversation))
        {
            var timeline = await world.Conversation(group.Key).GetTimeline();
            var owners = timeline.Where(e => e.Kind is ConversationChangeKinds.Assigned or ConversationChangeKinds.Taken).ToList();
            if (group.Count() != 1) problems.Add($"{group.Key} taken {group.Count()} times: {string.Join(",", group.Select(w => w.Operator))}");
            if (owners.Count != 1 || owners[0].Kind != ConversationChangeKinds.Taken || owners[0].OperatorId != group.First().Operator)
                problems.Add($"{group.Key} won by {group.First().Operator}, timeline: {string.Join(" ", timeline.Select(e => $"{e.Kind}:{e.OperatorId}"))}");
            if (open.Contains(group.Key) && (await world.Conversation(group.Key).Get()).OperatorId != group.First().Operator)
                problems.Add($"{group.Key} won by {group.First().Operator} but names another operator");
        }
        return problems;
    }
}
