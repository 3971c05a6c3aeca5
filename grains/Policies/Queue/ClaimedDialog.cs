namespace Routing.Grains.Policies;

/// <summary>A waiting dialog claimed by a decision in flight, with the place it returns to: the queue, or its hold.</summary>
public sealed record ClaimedDialog(WaitingDialog Dialog, HeldDialog? Held);
