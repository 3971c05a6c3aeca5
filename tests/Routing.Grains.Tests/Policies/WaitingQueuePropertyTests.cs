namespace Routing.Grains.Tests.Policies;

/// <summary>Thousands of random queue operations; after each, the queue must answer like a sort of a plain list.</summary>
public class WaitingQueuePropertyTests
{
    private static readonly Priority[] Priorities = [Priority.Low, Priority.Normal, Priority.Vip, Priority.Urgent, (Priority)15];
    private static readonly Channel[] Channels = [Channel.Chat, Channel.Chat, Channel.Email, Channel.Messenger, Channel.Voice];
    private static readonly string[] OperatorIds = ["o1", "o2", "o3", "o4", "o5"];
    private static readonly string[] SkillNames = ["billing", "de"];

    public static TheoryData<int, bool> Cases => new() { { 11, true }, { 12, true }, { 13, false }, { 14, false } };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_queue_answers_like_a_scan_of_a_sorted_list(int seed, bool tiered)
    {
        var settings = tiered ? Given.Tiered : RoutingSettings.Default;
        var check = new Seeded(seed);
        var queue = new WaitingQueue();
        var oracle = new List<WaitingDialog>();
        var now = Given.T0;
        var nextId = 0;
        for (check.Step = 0; check.Step < 6_000; check.Step++)
        {
            now = now.AddSeconds(check.Random.Next(4));
            var roll = check.Random.NextDouble();
            if (roll < 0.45 || oracle.Count == 0)
            {
                var stored = queue.Enqueue(RandomDialog(check, $"d{nextId++}", now));
                oracle.Add(stored);
            }
            else if (roll < 0.65)
            {
                var victim = check.Pick(oracle);
                check.Equal(true, queue.Remove(victim.Id), $"remove {victim.Id}");
                oracle.Remove(victim);
            }
            else if (roll < 0.72)
            {
                check.Equal(true, queue.TryDequeue(out var head), "dequeue");
                check.Equal(ScanOracle.QueueOrder(oracle).First().Id, head!.Id, "dequeued head");
                oracle.RemoveAll(d => d.Id == head.Id);
            }
            else if (roll < 0.76)
            {
                var target = check.Pick(oracle);
                var changed = queue.ChangePriority(target.Id, check.Pick(Priorities));
                oracle[oracle.IndexOf(target)] = changed;
            }
            else
            {
                var op = RandomOperator(check);
                check.Equal(ScanOracle.FirstFor(oracle, op, now, settings)?.Id, queue.FirstFor(op, now, settings)?.Id, $"first for {op}");
            }
            CompareSummary(check, queue, oracle, now, settings);
            if (check.Step % 25 == 0) ComparePositions(check, queue, oracle);
        }
    }

    private static void CompareSummary(Seeded check, WaitingQueue queue, List<WaitingDialog> oracle, DateTimeOffset now, RoutingSettings settings)
    {
        check.Equal(oracle.Count, queue.Count, "count");
        check.Equal(ScanOracle.QueueOrder(oracle).FirstOrDefault()?.Id, queue.Peek()?.Id, "head");
        check.Equal(oracle.Count == 0 ? (DateTimeOffset?)null : oracle.Min(d => d.WaitingSince), queue.OldestWaitingSince, "oldest wait");
        foreach (var priority in Priorities)
            check.Equal(oracle.Count(d => d.Priority == priority), queue.CountOf(priority), $"count of {priority}");
        check.Equal(ScanOracle.NextWidening(oracle, now, settings), queue.NextWidening(now, settings), "next widening");
        var from = now.AddSeconds(-check.Random.Next(300));
        var until = from.AddSeconds(check.Random.Next(60));
        check.Equal(
            string.Join(",", ScanOracle.QueueOrder(oracle).Where(d => d.WaitingSince > from && d.WaitingSince <= until).Select(d => d.Id)),
            string.Join(",", queue.WaitingSinceBetween(from, until).Select(d => d.Id)),
            $"waiting since ({from:O}, {until:O}]");
    }

    private static void ComparePositions(Seeded check, WaitingQueue queue, List<WaitingDialog> oracle)
    {
        var expected = ScanOracle.QueueOrder(oracle).Select((d, i) => (d.Id, i + 1)).ToList();
        foreach (var (id, position) in expected) check.Equal<int?>(position, queue.PositionOf(id), $"position of {id}");
        check.Equal(string.Join(",", expected), string.Join(",", queue.Positions().Select(p => (p.Dialog.Id, p.Position))), "all positions");
    }

    private static WaitingDialog RandomDialog(Seeded check, string id, DateTimeOffset now)
    {
        // Most arrive now; some are transferred or rescued with an older original wait; some tie exactly.
        var since = check.Chance(0.25) ? now.AddSeconds(-check.Random.Next(600)) : now;
        return new WaitingDialog(id, check.Pick(Priorities), since, check.Pick(Channels))
        {
            RequiredSkills = check.Chance(0.3) ? [new SkillRequirement(check.Pick(SkillNames), check.Random.Next(1, 6))] : [],
            SkippedOperators = check.Chance(0.2) ? [.. OperatorIds.Where(_ => check.Chance(0.4))] : [],
        };
    }

    private static RoutingOperator RandomOperator(Seeded check)
    {
        var capacity = check.Random.Next(0, 5);
        return new RoutingOperator(check.Pick(OperatorIds))
        {
            Status = check.Chance(0.85) ? OperatorStatus.Online : OperatorStatus.Away,
            Tier = check.Random.Next(1, 4),
            Capacity = capacity,
            Load = check.Random.Next(0, capacity + 1),
            ActiveVoice = check.Chance(0.05),
            Costs = check.Chance(0.2) ? new ChannelCosts { Email = 2 } : ChannelCosts.Default,
            Skills = SkillNames.Where(_ => check.Chance(0.5)).ToDictionary(s => s, _ => check.Random.Next(1, 6)),
        };
    }
}
