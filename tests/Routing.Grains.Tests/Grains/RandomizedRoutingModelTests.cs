using Microsoft.Extensions.Time.Testing;
using Routing.GrainInterfaces;
using Routing.Testing;
using Xunit.Abstractions;

namespace Routing.Grains.Tests.Grains;

/// <summary>
/// Randomized model test: random rounds of concurrent intake, close, transfer, priority, offer accept/decline and
/// operator status changes, with time moving and
/// silo restarts on the same SQLite database; the invariants are checked after every round.
/// Longer local run: ROUTING_MODEL_OPERATIONS=100000 ROUTING_MODEL_SEED=123 dotnet test tests/Routing.Grains.Tests
/// --filter RandomizedRoutingModelTests. The operation choices follow the seed; the interleaving of one round's
/// concurrent callers does not (the runtime schedules them), so a failure prints the seed and the round.
/// </summary>
public sealed class RandomizedRoutingModelTests(ITestOutputHelper output) : IDisposable
{
    private const int DefaultOperations = 100_000;
    private const int DefaultSeed = 20_261_122;
    private const int Callers = 16;
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Random_interleavings_keep_every_routing_invariant()
    {
        var operations = int.TryParse(Environment.GetEnvironmentVariable("ROUTING_MODEL_OPERATIONS"), out var n) ? n : DefaultOperations;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("ROUTING_MODEL_SEED"), out var s) ? s : DefaultSeed;
        output.WriteLine($"seed {seed}, {operations} operations");
        var random = new Random(seed);
        var time = new FakeTimeProvider(TestClock.MondayMorning);
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        var world = new RoutingWorld(silo.Factory);
        var open = new HashSet<string>();
        var closed = new HashSet<string>(); // guarded by the lock on open
        var lastOffers = new List<(string Conversation, string Department, string Operator)>();
        var done = 0;
        var round = 0;
        try
        {
            await world.AddDepartment("support");
            await world.AddDepartment("sales", RoutingStrategy.LongestIdle);
            // Offer mode with a deadline far beyond the run: offers end by accept or decline only, never while checking.
            await world.Workspace.ConfigureDepartment("vip", new DepartmentConfig
            {
                Routing = RoutingSettings.Default with { Strategy = RoutingStrategy.RoundRobin },
                OfferMode = true,
                AcceptTimeout = TimeSpan.FromDays(365),
            });
            world.Departments.Add("vip");
            await world.Workspace.SetEntryRouting(new EntryRouting("support")
            {
                Rules = [new EntryRule("sales") { Topics = ["buy"] }, new EntryRule("vip") { Topics = ["gold"] }],
            });
            string[][] memberships = [["support"], ["support", "sales"], ["sales"], ["sales", "vip"], ["vip", "support"], ["support"]];
            for (var i = 0; i < memberships.Length; i++) await world.AddOperator($"op{i}", 1 + i % 3, memberships[i]);

            string[] topics = ["buy", "gold", "help", "other"];
            while (done < operations)
            {
                round++;
                var calls = new List<Func<Task>>();
                for (var c = 0; c < Callers; c++)
                {
                    var roll = random.Next(100);
                    if (roll < 45)
                    {
                        var customer = "cust" + random.Next(40);
                        var topic = topics[random.Next(topics.Length)];
                        var priority = random.Next(5) == 0 ? Priority.Vip : Priority.Normal;
                        calls.Add(async () =>
                        {
                            var result = await world.Intake(customer, "hi", priority, topic: topic);
                            // A message may land in a conversation that a concurrent caller closes right after: ids
                            // are never reused, so a closed one never counts as open again.
                            lock (open) if (!closed.Contains(result.ConversationId)) open.Add(result.ConversationId);
                        });
                    }
                    else if (roll < 55)
                    {
                        string[] candidates;
                        lock (open) candidates = open.ToArray();
                        if (candidates.Length == 0) continue;
                        var conversation = candidates[random.Next(candidates.Length)];
                        var control = world.Factory.GetGrain<IConversationControlGrain>(RoutingKeys.ConversationControl(world.WorkspaceId, conversation));
                        var department = world.Departments[random.Next(world.Departments.Count)];
                        var priority = random.Next(2) == 0 ? Priority.Urgent : Priority.Low;
                        var transfer = random.Next(2) == 0;
                        calls.Add(async () =>
                        {
                            try
                            {
                                if (transfer) await control.TransferToDepartment(department, "model");
                                else await control.ChangePriority(priority);
                            }
                            catch (InvalidOperationException) { } // closed by a concurrent caller
                        });
                    }
                    else if (roll < 65)
                    {
                        var offers = lastOffers;
                        if (offers.Count == 0) continue;
                        var (conversation, department, op) = offers[random.Next(offers.Count)];
                        var accept = random.Next(2) == 0;
                        calls.Add(async () =>
                        {
                            if (accept) await world.Department(department).AcceptOffer(conversation, op);
                            else await world.Department(department).DeclineOffer(conversation, op);
                        });
                    }
                    else if (roll < 80)
                    {
                        string[] candidates;
                        lock (open) candidates = open.ToArray();
                        if (candidates.Length == 0) continue;
                        var conversation = candidates[random.Next(candidates.Length)];
                        calls.Add(async () =>
                        {
                            await world.Close(conversation, "model");
                            lock (open)
                            {
                                open.Remove(conversation);
                                closed.Add(conversation);
                            }
                        });
                    }
                    else
                    {
                        var op = world.Operators[random.Next(world.Operators.Count)];
                        var status = (OperatorStatus)random.Next(3); // offline, online, away
                        calls.Add(async () =>
                        {
                            try { await world.Operator(op).SetStatus(status); }
                            catch (InvalidOperationException) { } // offline while holding dialogs: refused by design
                        });
                    }
                }
                await Task.WhenAll(calls.Select(call => call()));
                done += calls.Count;

                time.Advance(TimeSpan.FromSeconds(random.Next(1, 4)));
                await world.Settle();
                if (random.Next(200) == 0)
                {
                    await silo.StopAsync();
                    silo = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
                    world.Factory = silo.Factory;
                    await world.Settle();
                }

                var problems = await RoutingInvariants.Check(world, open);
                lastOffers = [];
                foreach (var conversation in open)
                    if (await world.Conversation(conversation).Get() is { Status: ConversationStatus.Offered } offered)
                        lastOffers.Add((conversation, offered.DepartmentId, offered.OperatorId!));
                if (problems.Count > 0)
                    Assert.Fail($"seed {seed}, round {round}, after {done} operations:\n" + string.Join("\n", problems.Take(20))
                        + await TimelinesOf(world, problems.Take(3)));
            }
            output.WriteLine($"{done} operations in {round} rounds, {open.Count} dialogs open at the end");
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"seed {seed}, round {round}, after {done} operations: {e.Message}", e);
        }
        finally
        {
            await silo.StopAsync();
        }
    }

    /// <summary>The timelines of the conversations a problem names: where to start reading a failure.</summary>
    private static async Task<string> TimelinesOf(RoutingWorld world, IEnumerable<string> problems)
    {
        var text = new System.Text.StringBuilder();
        foreach (var problem in problems)
            foreach (var word in problem.Split(' ', ',', '[', ']', '(', ')'))
            {
                if (!word.StartsWith("c-", StringComparison.Ordinal)) continue;
                text.Append("\ntimeline of ").Append(word).Append(':');
                foreach (var e in await world.Conversation(word).GetTimeline())
                    text.Append($"\n  {e.Sequence} {e.Kind} op={e.OperatorId} dept={e.DepartmentId} {e.Detail} at {e.At:HH:mm:ss}");
            }
        return text.ToString();
    }
}
