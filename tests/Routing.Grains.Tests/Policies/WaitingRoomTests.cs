namespace Routing.Grains.Tests.Policies;

/// <summary>One numbering across the shared queue and the sticky holds: 1..n in the order the department would serve them.</summary>
public class WaitingRoomTests
{
    private static HeldDialog HeldFor(string operatorId, WaitingDialog dialog) => new(dialog, operatorId, dialog.WaitingSince.AddSeconds(60));

    private static (string Id, int Position, string? HeldFor)[] Places(WaitingRoom room) =>
        [.. room.Places().Select(p => (p.Dialog.Id, p.Position, p.Held?.OperatorId))];

    [Fact]
    public void Dialogs_held_for_different_operators_are_numbered_with_the_queue_not_each_from_one()
    {
        var room = new WaitingRoom();
        room.Hold(HeldFor("ann", Given.Dialog("held-ann", since: 0)));
        room.Enqueue(Given.Dialog("queued-1", since: 5));
        room.Hold(HeldFor("bob", Given.Dialog("held-bob", since: 10)));
        room.Hold(HeldFor("ann", Given.Dialog("held-ann-2", since: 15)));
        room.Enqueue(Given.Dialog("queued-2", since: 20));

        Assert.Equal([("held-ann", 1, "ann"), ("queued-1", 2, null), ("held-bob", 3, "bob"), ("held-ann-2", 4, "ann"), ("queued-2", 5, null)], Places(room));
        Assert.Equal([1, 2, 3, 4, 5], new[] { "held-ann", "queued-1", "held-bob", "held-ann-2", "queued-2" }.Select(id => room.PositionOf(id)!.Value));
        Assert.Equal(5, room.Count);
    }

    [Fact]
    public void Priority_comes_first_then_the_original_wait_for_held_and_queued_dialogs_alike()
    {
        var room = new WaitingRoom();
        room.Enqueue(Given.Dialog("old-normal", since: 0));
        room.Hold(HeldFor("ann", Given.Dialog("held-vip", Priority.Vip, since: 50)));
        room.Enqueue(Given.Dialog("new-urgent", Priority.Urgent, since: 100));
        room.Hold(HeldFor("ann", Given.Dialog("held-low", Priority.Low, since: -100)));
        // Transferred in with an older original wait: ahead of the held dialog of its priority that began later.
        room.Enqueue(Given.Dialog("transferred-vip", Priority.Vip, since: 20));

        Assert.Equal(["new-urgent", "transferred-vip", "held-vip", "old-normal", "held-low"], room.Places().Select(p => p.Dialog.Id));
        Assert.Equal([1, 2, 3, 4, 5], room.Places().Select(p => p.Position));
    }

    [Fact]
    public void Equal_waits_keep_arrival_order_across_queue_and_holds()
    {
        var room = new WaitingRoom();
        room.Enqueue(Given.Dialog("first", since: 0));
        room.Hold(HeldFor("ann", Given.Dialog("second", since: 0)));
        room.Enqueue(Given.Dialog("third", since: 0));
        Assert.Equal(["first", "second", "third"], room.Places().Select(p => p.Dialog.Id));
    }

    [Fact]
    public void Positions_close_up_when_a_held_dialog_leaves_and_an_ended_hold_keeps_its_place_in_the_queue()
    {
        var room = new WaitingRoom();
        room.Enqueue(Given.Dialog("a", since: 0));
        var held = room.Hold(HeldFor("ann", Given.Dialog("b", since: 0)));
        room.Enqueue(Given.Dialog("c", since: 0));
        room.Hold(HeldFor("bob", Given.Dialog("d", since: 1)));

        room.EnterQueue(held.Dialog); // the hold ended: it joins the shared queue where it stood
        Assert.Equal([("a", 1, null), ("b", 2, null), ("c", 3, null), ("d", 4, "bob")], Places(room));

        Assert.True(room.Remove("a"));
        Assert.True(room.Remove("d"));
        Assert.False(room.Remove("d"));
        Assert.Equal([("b", 1, null), ("c", 2, null)], Places(room));
        Assert.Null(room.PositionOf("d"));
    }

    [Fact]
    public void A_held_dialog_whose_priority_rises_moves_ahead_and_stays_held()
    {
        var room = new WaitingRoom();
        room.Enqueue(Given.Dialog("a", since: 0));
        room.Hold(HeldFor("ann", Given.Dialog("b", since: 5)));
        Assert.True(room.ChangePriority("b", Priority.Urgent));
        Assert.Equal([("b", 1, "ann"), ("a", 2, null)], Places(room));
        Assert.False(room.ChangePriority("gone", Priority.Urgent));
    }

    [Fact]
    public void A_hold_stored_without_a_sequence_gets_one_after_every_queued_dialog()
    {
        var room = new WaitingRoom();
        room.EnterQueue(Given.Dialog("restored", since: 0) with { Sequence = 7 });
        var legacy = room.Hold(HeldFor("ann", Given.Dialog("legacy-1", since: 0)));
        var other = room.Hold(HeldFor("bob", Given.Dialog("legacy-2", since: 0)));
        Assert.Equal((8, 9), (legacy.Dialog.Sequence, other.Dialog.Sequence));
        Assert.Equal(10, room.NextSequence);
        Assert.Equal(["restored", "legacy-1", "legacy-2"], room.Places().Select(p => p.Dialog.Id));
    }

    [Fact]
    public void Pages_go_on_right_after_the_last_dialog_listed_even_when_it_and_others_left_meanwhile()
    {
        var room = new WaitingRoom();
        foreach (var i in Enumerable.Range(1, 7))
        {
            var dialog = Given.Dialog($"d{i}", since: i);
            if (i % 3 == 0) room.Hold(HeldFor("ann", dialog));
            else room.Enqueue(dialog);
        }

        var first = room.PlacesAfter(null, 3);
        Assert.Equal([("d1", 1), ("d2", 2), ("d3", 3)], first.Select(p => (p.Dialog.Id, p.Position)));
        Assert.Equal("ann", first[2].Held?.OperatorId);

        // Served meanwhile: the head, and the last dialog of the page (the key still works).
        room.Remove("d1");
        room.Remove("d3");
        var second = room.PlacesAfter(first[^1].Dialog, 3);
        Assert.Equal([("d4", 2), ("d5", 3), ("d6", 4)], second.Select(p => (p.Dialog.Id, p.Position)));
        var last = room.PlacesAfter(second[^1].Dialog, 3);
        Assert.Equal([("d7", 5)], last.Select(p => (p.Dialog.Id, p.Position)));
        Assert.Equal(room.Count, last[^1].Position);
        Assert.Empty(room.PlacesAfter(last[^1].Dialog, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => room.PlacesAfter(null, 0));
    }
}
