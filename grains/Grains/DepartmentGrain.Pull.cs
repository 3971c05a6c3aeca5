using Routing.GrainInterfaces;
using Routing.Grains.Policies;

namespace Routing.Grains.Grains;

/// <summary>
/// Taking from the shared queue (pull): an operator sees the waiting dialogs they could take here ("Incoming") and takes
/// one themselves. A take is decided in one turn of this department, like every decision of the automatic router, and
/// claims the dialog there (<see cref="ReserveClaimed"/>), so a dialog leaves the queue once: a take racing another
/// take, the router or a widening finds it gone and is refused. The
/// operator grain confirms the capacity (<see cref="IOperatorGrain.TryReserve"/>), as for every routed assignment, so
/// nobody goes over it across departments. Eligibility is <see cref="PullPolicy"/>, the router's own rules.
/// </summary>
public sealed partial class DepartmentGrain
{
    public Task<TakeResult> Take(string conversationId, string operatorId) => InTurn(async () =>
    {
        await Ready();
        if (!S.Members.ContainsKey(operatorId)) return TakeResult.Refused(TakeRefusal.NotMember);
        if (PlaceOf(conversationId) is not { } place) return TakeResult.Refused(TakeRefusal.NotWaiting);
        // Their own grain's state, not this department's copy: a change made through another department may not have arrived.
        Upsert(await Operator(operatorId).GetSnapshot());
        if (!_index.TryGet(operatorId, out var op) || op is null) return TakeResult.Refused(TakeRefusal.NotMember);
        var eligibility = PullPolicy.CanTake(op, place, Now, Settings);
        if (eligibility != Eligibility.Eligible) return TakeResult.Refused(RefusalOf(eligibility));
        return await ReserveClaimed(place.Dialog, operatorId, taken: true) switch
        {
            ReserveOutcome.Assigned => TakeResult.Done,
            ReserveOutcome.ConversationClosed => TakeResult.Refused(TakeRefusal.NotWaiting),
            // The operator grain refused: the snapshot it answered with is in the index now and says why.
            _ => TakeResult.Refused(_index.TryGet(operatorId, out var fresh) && fresh is not null
                && EligibilityPolicy.Availability(fresh, place.Dialog.Channel) == Eligibility.NotOnline ? TakeRefusal.NotOnline : TakeRefusal.NoCapacity),
        };
    });

    public Task<IReadOnlyList<IncomingDialog>> GetIncoming(string operatorId, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return Read<IReadOnlyList<IncomingDialog>>(() =>
        {
            if (!S.Members.ContainsKey(operatorId) || !_index.TryGet(operatorId, out var op) || op is null) return [];
            return PullPolicy.Incoming(_room.Places(), op, Now, Settings, limit).Select(item => IncomingOf(item.Place, item.Now)).ToList();
        });
    }

    private IncomingDialog IncomingOf(WaitingPlace place, Eligibility now) =>
        new(place.Dialog.Id, DepartmentId, place.Dialog.Channel, place.Dialog.Priority, place.Dialog.WaitingSince)
        {
            WhyNotNow = now == Eligibility.Eligible ? null : RefusalOf(now), HeldForYou = place.Held is not null,
        };

    /// <summary>The dialog's place if it waits here, queued or held (its position is not needed to decide a take).</summary>
    private WaitingPlace? PlaceOf(string conversationId)
    {
        if (_room.Queue.TryGet(conversationId, out var queued) && queued is not null) return new WaitingPlace(queued, null, 0);
        return _room.TryGetHeld(conversationId, out var held) ? new WaitingPlace(held.Dialog, held, 0) : null;
    }

    private static TakeRefusal RefusalOf(Eligibility eligibility) => eligibility switch
    {
        Eligibility.NotOnline => TakeRefusal.NotOnline,
        Eligibility.NoCapacity => TakeRefusal.NoCapacity,
        Eligibility.SkippedBefore => TakeRefusal.SkippedBefore,
        Eligibility.TierNotReached => TakeRefusal.TierNotReached,
        Eligibility.MissingSkills => TakeRefusal.MissingSkills,
        Eligibility.HeldForAnother => TakeRefusal.HeldForAnother,
        _ => throw new ArgumentOutOfRangeException(nameof(eligibility), eligibility, "not a refusal"),
    };
}
