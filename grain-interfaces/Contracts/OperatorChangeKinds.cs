namespace Routing.GrainInterfaces;

/// <summary>
/// Every <see cref="OperatorChanged.Kind"/> an operator publishes: what changed their status or load. Clients switch on
/// these strings, so they never change; client-api/REALTIME.md documents each (a test holds it to this list).
/// </summary>
public static class OperatorChangeKinds
{
    public const string Configured = "configured";
    public const string Status = "status";
    public const string Reserved = "reserved";
    public const string ReservedByHand = "reserved-by-hand";
    public const string Released = "released";
    public const string Schedule = "schedule";
    public const string ShiftStart = "shift-start";
    public const string ShiftEnd = "shift-end";
    public const string WrappedUp = "wrapped-up";

    // Access (issue 15): an admin blocked or unblocked them, or removed them from the workspace.
    public const string Blocked = "blocked";
    public const string Unblocked = "unblocked";
    public const string Removed = "removed";

    // Issue 15: a dialog they hold moved to another channel; its cost (and so their load) is the new channel's.
    public const string ChannelChanged = "channel-changed";
}
