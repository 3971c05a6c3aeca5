using System.Diagnostics;
using Routing.LoadTool.Engine;
using Routing.LoadTool.Measures;

namespace Routing.LoadTool.Tests;

/// <summary>The checks a run fails on: a lost or twice-delivered message, a rescued dialog nobody took.</summary>
public sealed class CorrectnessCheckTests
{
    [Fact]
    public void An_acknowledged_message_nobody_saw_is_lost_and_one_seen_twice_by_its_receiver_is_a_duplicate()
    {
        var stats = new RunStats(TimeSpan.Zero);
        var ledger = new DeliveryLedger(stats);
        var now = Stopwatch.GetTimestamp();
        foreach (var key in new[] { "c1.0", "c2.0", "c3.0", "c4.0" }) ledger.Sending(key, now, "time-to-assign");
        ledger.Acknowledged("c1.0");
        ledger.Acknowledged("c2.0");
        ledger.Acknowledged("c3.0");
        // c4.0 was refused by the engine: never acknowledged, so nobody owes it a delivery.

        Assert.True(ledger.Seen("c1.0", "op1", now));
        Assert.True(ledger.Seen("c2.0", "op2", now));
        Assert.False(ledger.Seen("c2.0", "op2", now)); // the same console got it twice
        Assert.True(ledger.Seen("c3.0", "visitor-3", now, delivery: false));
        Assert.False(ledger.Seen("c3.0", "visitor-3", now)); // a history snapshot, then the live frame: once

        var checks = ledger.Checks().ToDictionary(c => c.Name);
        Assert.True(checks["nothing lost"].Passed, checks["nothing lost"].Detail);
        Assert.False(checks["seen once"].Passed);
        Assert.Contains("c2.0", checks["seen once"].Detail);

        ledger.Sending("c5.0", now, "time-to-assign");
        ledger.Acknowledged("c5.0");
        var lost = ledger.Checks().Single(c => c.Name == "nothing lost");
        Assert.False(lost.Passed);
        Assert.Equal("3 of 4 acknowledged messages seen by their receiver (e.g. c5.0)", lost.Detail);
        Assert.Equal(1, ledger.Pending);
    }

    [Fact]
    public void The_first_sighting_is_timed_under_the_step_the_sender_named()
    {
        var stats = new RunStats(TimeSpan.Zero);
        var ledger = new DeliveryLedger(stats);
        var sentAt = Stopwatch.GetTimestamp();
        ledger.Sending("c1.0", sentAt, "time-to-assign");
        ledger.Acknowledged("c1.0");

        ledger.Seen("c1.0", "op1", sentAt + Stopwatch.Frequency / 50); // 20 ms later
        stats.Tick(TimeSpan.FromSeconds(1));

        Assert.Equal(20, Assert.Single(stats.Totals()).Latency.Max, 0.1);
    }

    [Fact]
    public void A_rescued_dialog_must_show_at_another_console_whichever_frame_arrives_first()
    {
        var stats = new RunStats(TimeSpan.Zero);
        var board = new DialogBoard(stats);
        var at = Stopwatch.GetTimestamp();
        board.Shown("conv-1", "op1", at);
        board.Shown("conv-2", "op1", at);
        board.Shown("conv-3", "op1", at);

        board.Rescued("conv-1", "op1", at);
        board.Shown("conv-1", "op2", at + Stopwatch.Frequency / 10); // taken 100 ms later
        board.Shown("conv-2", "op3", at);                             // the new console's frame came first
        board.Rescued("conv-2", "op1", at);
        board.Rescued("conv-3", "op1", at);                           // nobody took it

        var check = board.Check();
        Assert.False(check.Passed);
        Assert.Equal("2 of 3 rescued dialogs shown at another console", check.Detail);
        stats.Tick(TimeSpan.FromSeconds(1));
        var reassign = Assert.Single(stats.Totals());
        Assert.Equal((DialogBoard.RescueReassign, 2L), (reassign.Step, reassign.Ok));
        Assert.Equal(100, reassign.Latency.Max, 0.2);
    }
}
