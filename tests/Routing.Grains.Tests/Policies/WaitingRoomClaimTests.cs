namespace Routing.Grains.Tests.Policies;

/// <summary>
/// A dialog claimed by a decision in flight: no other decision sees it, everybody who reads the room still sees it
/// waiting at its place, and it returns to that exact place (same sequence) unless it left meanwhile.
/// </summary>
public class WaitingRoomClaimTests
{
    private static HeldDialog HeldFor(string operatorId, WaitingDialog dialog) => new(dialog, operatorId, dialog.WaitingSince.AddSeconds(60));

    private static WaitingRoom Room()
    {
        var room = new WaitingRoom();
        room.Enqueue(Given.Dialog("d1", since: 1));
        room.Hold(HeldFor("ann", Given.Dialog("h2", since: 2)));
        room.Enqueue(Given.Dialog("d3", since: 3));
        room.Enqueue(Given.Dialog("d4", since: 4));
        return room;
    }

    private static (string Id, int Position, string? HeldFor)[] Places(WaitingRoom room) =>
        [.. room.Places().Select(p => (p.Dialog.Id, p.Position, p.Held?.OperatorId))];

    [Fact]
    public void A_claimed_dialog_is_hidden_from_decisions_but_keeps_its_place_for_readers()
    {
        var room = Room();
        var before = Places(room);

        Assert.True(room.Claim("d1"));
        Assert.True(room.Claim("h2"));

        // Decisions: the head is the next unclaimed dialog, the hold is not served, lookups by id do not find them.
        Assert.Equal("d3", room.Queue.Peek()?.Id);
        Assert.Empty(room.Held);
        Assert.False(room.Queue.Contains("d1"));
        Assert.False(room.TryGetHeld("h2", out _));
        Assert.False(room.Claim("d1")); // one decision at a time
        // Readers: nothing moved.
        Assert.Equal(before, Places(room));
        Assert.Equal(4, room.Count);
        Assert.Equal(1, room.PositionOf("d1"));
        Assert.Equal(2, room.PositionOf("h2"));
        Assert.Equal(3, room.PositionOf("d3"));
        Assert.True(room.Contains("d1"));
        Assert.Equal(Given.At(1), room.OldestWaitingSince);
        Assert.Equal([("h2", 2), ("d3", 3)], room.PlacesAfter(Given.Dialog("d1", since: 1) with { Sequence = 1 }, 2).Select(p => (p.Dialog.Id, p.Position)));
        Assert.Equal("ann", room.PlacesAfter(null, 2)[1].Held?.OperatorId);
        // Storage: both still wait, each where it returns to.
        Assert.Equal(["d1", "d3", "d4"], room.StoredQueue.Select(d => d.Id).Order());
        Assert.Equal(["h2"], room.StoredHolds.Select(h => h.Dialog.Id));
    }

    [Fact]
    public void A_refused_claim_returns_to_its_exact_place_with_its_sequence()
    {
        var room = Room();
        var before = Places(room);
        var sequences = room.Places().ToDictionary(p => p.Dialog.Id, p => p.Dialog.Sequence);
        room.Claim("d1");
        room.Claim("h2");
        room.Enqueue(Given.Dialog("d5", since: 0)); // arrived meanwhile with an older original wait (a transfer)

        Assert.Null(room.Unclaim("d1")?.Held);
        Assert.Equal("ann", room.Unclaim("h2")?.Held?.OperatorId);

        Assert.Equal("d5", room.Queue.Peek()?.Id);
        Assert.Equal([("d5", 1, null), .. before.Select(p => (p.Id, p.Position + 1, p.HeldFor))], Places(room));
        Assert.All(room.Places().Where(p => p.Dialog.Id != "d5"), p => Assert.Equal(sequences[p.Dialog.Id], p.Dialog.Sequence));
        Assert.True(room.TryGetHeld("h2", out _));
        Assert.Equal(0, room.ClaimedCount);
    }

    [Fact]
    public void Changes_made_while_claimed_apply_to_the_place_it_returns_to_and_a_removal_ends_the_claim()
    {
        var room = Room();
        room.Claim("d4");
        room.Claim("d3");
        room.Claim("h2");

        Assert.True(room.ChangePriority("d4", Priority.Urgent));
        Assert.Equal(1, room.PositionOf("d4")); // readers see the change at once
        Assert.True(room.Remove("d3"));         // left meanwhile (a close detached it)
        room.EnterQueue(room.StoredHolds.Single().Dialog); // its hold ended meanwhile: it returns to the queue

        Assert.Equal(Priority.Urgent, room.Unclaim("d4")?.Dialog.Priority);
        Assert.Null(room.Unclaim("d3"));
        Assert.Null(room.Unclaim("h2")?.Held);
        Assert.Equal([("d4", 1, null), ("d1", 2, null), ("h2", 3, null)], Places(room));
        Assert.Empty(room.Held);
        Assert.False(room.Contains("d3"));
    }
}
