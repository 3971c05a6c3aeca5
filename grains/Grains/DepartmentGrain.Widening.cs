using Routing.GrainInterfaces;
using Routing.Grains.Policies;
using Routing.Grains.State;
using Orleans.Concurrency;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Grains.Grains;

/// <summary>
/// Tier and skill widening (R10): one durable deadline per department, at <see cref="WaitingQueue.NextWidening"/>, not one
/// per dialog. When it fires at T, the dialogs whose wait crossed a widening delay d since the last tick (a start in
/// (previous T − d, T − d]) are routed again, then the deadline is re-armed.
/// </summary>
public sealed partial class DepartmentGrain
{
    private const string WideningDeadline = "widen";

    /// <summary>Arms (or moves earlier) the widening deadline for the queue as it is now.</summary>
    private async Task ArmWidening()
    {
        if (_room.Queue.NextWidening(Now, Settings) is not { } next) return;
        if (S.WideningArmedAt is { } armed && armed <= next && armed > Now) return;
        await ScheduleDeadlineAsync(WideningDeadline, next);
        await Record(new WideningMarked(next, S.LastWideningAt));
    }

    private async Task Widen()
    {
        await Ready();
        var now = Now;
        foreach (var delay in EligibilityPolicy.WideningDelays(Settings))
        {
            var from = S.LastWideningAt is { } last ? last - delay : DateTimeOffset.MinValue;
            foreach (var dialog in _room.Queue.WaitingSinceBetween(from, now - delay))
                if (_room.Queue.Contains(dialog.Id)) await TryAssignQueued(dialog);
        }
        await Record(new WideningMarked(null, now));
        await ArmWidening();
    }

    /// <summary>A waiting dialog whose pool may have grown: to the best operator now, else it keeps its place.</summary>
    private async Task TryAssignQueued(WaitingDialog dialog)
    {
        if (Pulls) return; // it waits to be taken
        for (var round = 0; round <= S.Members.Count; round++)
        {
            if (_index.FindBest(dialog, Now, Settings) is not { } best) return;
            // Reserve takes it out of the queue when it is assigned, offered or found closed.
            if (await Reserve(dialog, best.Id) is not ReserveOutcome.Refused) return;
        }
    }
}
