namespace Routing.Grains.Tests.Policies;

/// <summary>Thousands of random operator changes and routing decisions; the index must pick what a full scan picks.</summary>
public class OperatorIndexPropertyTests
{
    private static readonly Channel[] Channels = [Channel.Chat, Channel.Chat, Channel.Email, Channel.Voice];
    private static readonly string[] SkillNames = ["billing", "de", "vip"];

    public static TheoryData<RoutingStrategy, int, bool> Cases
    {
        get
        {
            var cases = new TheoryData<RoutingStrategy, int, bool>();
            foreach (var strategy in Enum.GetValues<RoutingStrategy>())
            {
                cases.Add(strategy, 21, true);
                cases.Add(strategy, 22, false);
            }
            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_index_picks_what_a_scan_of_every_operator_picks(RoutingStrategy strategy, int seed, bool tiered)
    {
        var settings = tiered ? Given.Tiered : RoutingSettings.Default with { SkillWideningAfter = TimeSpan.FromSeconds(45) };
        var check = new Seeded(seed);
        var index = new OperatorIndex(strategy);
        var oracle = new Dictionary<string, RoutingOperator>();
        var cursors = new Dictionary<int, string>();
        var now = Given.T0;
        for (check.Step = 0; check.Step < 8_000; check.Step++)
        {
            now = now.AddSeconds(check.Random.Next(3));
            var roll = check.Random.NextDouble();
            if (roll < 0.45 || oracle.Count == 0)
            {
                var op = Change(check, $"op{check.Random.Next(80):D2}", oracle, now);
                index.Upsert(op);
                oracle[op.Id] = op;
            }
            else if (roll < 0.5)
            {
                var id = check.Pick(oracle.Keys.ToList());
                check.Equal(true, index.Remove(id), $"remove {id}");
                oracle.Remove(id);
            }
            else
            {
                var dialog = RandomDialog(check, oracle.Keys.ToList(), now);
                var expected = ScanOracle.FindBest(oracle.Values, strategy, cursors, dialog, now, settings);
                var actual = index.FindBest(dialog, now, settings);
                check.Equal(expected?.Id, actual?.Id, $"best for {dialog} waited {EligibilityPolicy.Waited(dialog.WaitingSince, now)}");
                if (actual is not null && check.Chance(0.7)) Assign(index, oracle, cursors, actual, dialog, now);
            }
            check.Equal(oracle.Count, index.Count, "count");
            check.Equal(oracle.Values.Count(op => op.IsAvailable), index.AvailableCount, "available count");
        }
    }

    private static void Assign(OperatorIndex index, Dictionary<string, RoutingOperator> oracle, Dictionary<int, string> cursors, RoutingOperator op, WaitingDialog dialog, DateTimeOffset now)
    {
        var assigned = op with
        {
            Load = op.Load + CapacityPolicy.CostOf(dialog.Channel, op.Capacity, op.Costs),
            ActiveVoice = dialog.Channel == Channel.Voice,
            LastAssignedAt = now,
        };
        index.Upsert(assigned);
        index.RecordAssignment(op.Id);
        oracle[op.Id] = assigned;
        cursors[op.Tier] = op.Id;
    }

    private static RoutingOperator Change(Seeded check, string id, Dictionary<string, RoutingOperator> known, DateTimeOffset now)
    {
        var op = known.GetValueOrDefault(id) ?? new RoutingOperator(id) { AvailableSince = now.AddSeconds(-check.Random.Next(100)) };
        switch (check.Random.Next(6))
        {
            case 0:
                var status = check.Chance(0.75) ? OperatorStatus.Online : check.Pick([OperatorStatus.Away, OperatorStatus.Offline, OperatorStatus.NotResponding]);
                return op with { Status = status, AvailableSince = status == OperatorStatus.Online && op.Status != status ? now : op.AvailableSince };
            case 1:
                return op with { Load = Math.Max(0, op.Load - check.Random.Next(1, 3)), ActiveVoice = false };
            case 2:
                return op with { Load = op.Load + 1 };
            case 3:
                return op with { Capacity = check.Random.Next(1, 6), Costs = check.Chance(0.2) ? new ChannelCosts { Email = 2 } : ChannelCosts.Default };
            case 4:
                return op with { Tier = check.Random.Next(1, 4) };
            default:
                return op with { Skills = SkillNames.Where(_ => check.Chance(0.5)).ToDictionary(s => s, _ => check.Random.Next(1, 6)), Status = OperatorStatus.Online };
        }
    }

    private static WaitingDialog RandomDialog(Seeded check, List<string> operatorIds, DateTimeOffset now) =>
        new($"d{check.Step}", Priority.Normal, now.AddSeconds(-check.Random.Next(120)), check.Pick(Channels))
        {
            RequiredSkills = check.Chance(0.35)
                ? [.. SkillNames.Where(_ => check.Chance(0.5)).Select(s => new SkillRequirement(s, check.Random.Next(1, 4)))]
                : [],
            SkippedOperators = check.Chance(0.2) ? [.. Enumerable.Range(0, 3).Select(_ => check.Pick(operatorIds))] : [],
        };
}
