namespace Routing.Grains.Tests.Policies;

/// <summary>
/// Random enqueues, holds, ended holds, removals and priority changes; after each, the room's numbering must be a sort
/// of every waiting dialog, queued or held, by the documented order: positions exactly 1..n, each lookup agreeing, and
/// pages read one after another listing everyone once.
/// </summary>
public class WaitingRoomPropertyTests
{
    private static readonly Priority[] Priorities = [Priority.Low, Priority.Normal, Priority.Vip, Priority.Urgent, (Priority)15];
    private static readonly string[] OperatorIds = ["o1", "o2", "o3"];

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    public void Positions_are_one_to_n_in_serving_order_whatever_waits_held_or_queued(int seed)
    {
        var check = new Seeded(seed);
        var room = new WaitingRoom();
        var oracle = new Dictionary<string, (WaitingDialog Dialog, string? HeldFor)>();
        var now = Given.T0;
        var nextId = 0;
        for (check.Step = 0; check.Step < 3_000; check.Step++)
        {
            now = now.AddSeconds(check.Random.Next(3));
            var roll = check.Random.NextDouble();
            if (roll < 0.3 || oracle.Count == 0)
            {
                var stored = room.Enqueue(RandomDialog(check, $"d{nextId++}", now));
                oracle[stored.Id] = (stored, null);
            }
            else if (roll < 0.5)
            {
                var held = room.Hold(new HeldDialog(RandomDialog(check, $"d{nextId++}", now), check.Pick(OperatorIds), now.AddSeconds(60)));
                oracle[held.Dialog.Id] = (held.Dialog, held.OperatorId);
            }
            else if (roll < 0.6 && oracle.Values.FirstOrDefault(e => e.HeldFor is not null) is { Dialog: { } ended })
            {
                room.EnterQueue(ended);
                oracle[ended.Id] = (ended, null);
            }
            else if (roll < 0.85)
            {
                var victim = check.Pick(oracle.Keys.ToList());
                check.Equal(true, room.Remove(victim), $"remove {victim}");
                oracle.Remove(victim);
            }
            else
            {
                var target = oracle[check.Pick(oracle.Keys.ToList())];
                var priority = check.Pick(Priorities);
                check.Equal(true, room.ChangePriority(target.Dialog.Id, priority), $"reprioritize {target.Dialog.Id}");
                oracle[target.Dialog.Id] = (target.Dialog with { Priority = priority }, target.HeldFor);
            }
            if (check.Step % 20 == 0) Compare(check, room, oracle);
        }
    }

    private static void Compare(Seeded check, WaitingRoom room, Dictionary<string, (WaitingDialog Dialog, string? HeldFor)> oracle)
    {
        var expected = ScanOracle.QueueOrder(oracle.Values.Select(e => e.Dialog)).Select((d, i) => $"{d.Id}@{i + 1}:{oracle[d.Id].HeldFor}").ToList();
        check.Equal(oracle.Count, room.Count, "count");
        check.Equal(string.Join(",", expected), string.Join(",", room.Places().Select(Show)), "all places");
        foreach (var line in expected)
        {
            var id = line[..line.IndexOf('@')];
            check.Equal(line, $"{id}@{room.PositionOf(id)}:{oracle[id].HeldFor}", $"position of {id}");
        }
        var pageSize = check.Random.Next(1, 9);
        var paged = new List<string>();
        for (var page = room.PlacesAfter(null, pageSize); page.Count > 0; page = room.PlacesAfter(page[^1].Dialog, pageSize))
            paged.AddRange(page.Select(Show));
        check.Equal(string.Join(",", expected), string.Join(",", paged), $"pages of {pageSize}");
    }

    private static string Show(WaitingPlace place) => $"{place.Dialog.Id}@{place.Position}:{place.Held?.OperatorId}";

    private static WaitingDialog RandomDialog(Seeded check, string id, DateTimeOffset now) =>
        // Most begin waiting now (ties broken by arrival); some were transferred in with an older original wait.
        new(id, check.Pick(Priorities), check.Chance(0.25) ? now.AddSeconds(-check.Random.Next(300)) : now);
}
