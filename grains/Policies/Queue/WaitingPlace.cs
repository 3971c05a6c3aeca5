namespace Routing.Grains.Policies;

/// <summary>A waiting dialog's place in its department's one numbering; <see cref="Held"/> is set when it waits for one operator.</summary>
public readonly record struct WaitingPlace(WaitingDialog Dialog, HeldDialog? Held, int Position);
