namespace Routing.Grains.Policies;

/// <summary>
/// A dialog held for its personal manager or last operator (R9, <see cref="StickyAction.WaitForOperator"/>); after
/// <see cref="Until"/> anyone may take it. It keeps its original wait and counts in the department's positions
/// (<see cref="WaitingRoom"/>).
/// </summary>
public sealed record HeldDialog(WaitingDialog Dialog, string OperatorId, DateTimeOffset Until);
