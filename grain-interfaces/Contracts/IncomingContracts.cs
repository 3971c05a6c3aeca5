using Orleans;
using Routing.GrainInterfaces.Model;

namespace Routing.GrainInterfaces;

/// <summary>
/// Why an operator may not take a waiting dialog from the shared queue (pull), in the words of the routing rules: the
/// dialog no longer waits, the operator is not a member, it is held for another operator (sticky routing), or the
/// eligibility rule the automatic router applies says no (status, capacity, skip list, tier, skills).
/// </summary>
[GenerateSerializer, Alias("routing.TakeRefusal")]
public enum TakeRefusal
{
    NotWaiting = 0,
    NotMember,
    HeldForAnother,
    NotOnline,
    NoCapacity,
    SkippedBefore,
    TierNotReached,
    MissingSkills,
}

/// <summary>
/// A waiting dialog an operator may take from their department's shared queue ("Incoming"): the dialog's own rules
/// (skip list, tier, skills) let them, and <see cref="WhyNotNow"/> says whether their status or free capacity stops them
/// now (null: they can take it now).
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.IncomingDialog")]
public sealed record IncomingDialog(string ConversationId, string DepartmentId, Channel Channel, Priority Priority, DateTimeOffset WaitingSince)
{
    /// <summary>Null when they can take it now; <see cref="TakeRefusal.NotOnline"/> or <see cref="TakeRefusal.NoCapacity"/> otherwise.</summary>
    [Id(0)] public TakeRefusal? WhyNotNow { get; init; }

    /// <summary>Held for this operator by sticky routing (R9): nobody else sees it.</summary>
    [Id(1)] public bool HeldForYou { get; init; }
}

/// <summary>The answer of a take: taken (assigned to the operator), or the first reason it was refused; nothing changed then.</summary>
[GenerateSerializer, Immutable, Alias("routing.TakeResult")]
public sealed record TakeResult(bool Taken, TakeRefusal? Refusal)
{
    public static TakeResult Done { get; } = new(true, null);

    public static TakeResult Refused(TakeRefusal refusal) => new(false, refusal);
}
