using System.Text.Json.Serialization;
using Routing.GrainInterfaces.Model;
using Routing.Grains.Policies;

namespace Routing.Grains.State;

/// <summary>
/// One entry of a department's journal (see <see cref="Journal.GrainJournal{TChange}"/>): what changed since the snapshot
/// in <see cref="DepartmentState"/>. Each is applied by <c>DepartmentGrain.Apply</c>, live and on replay alike.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$change")]
[JsonDerivedType(typeof(DialogQueued), "queued")]
[JsonDerivedType(typeof(DialogHeld), "held")]
[JsonDerivedType(typeof(DialogLeft), "left")]
[JsonDerivedType(typeof(DialogReprioritized), "priority")]
[JsonDerivedType(typeof(OfferOpened), "offer")]
[JsonDerivedType(typeof(OfferEnded), "offer-ended")]
[JsonDerivedType(typeof(RoundRobinMoved), "round-robin")]
[JsonDerivedType(typeof(MemberChanged), "member")]
[JsonDerivedType(typeof(WideningMarked), "widening")]
[JsonDerivedType(typeof(ActivationStarted), "activated")]
public abstract record DepartmentChange;

/// <summary>Entered the queue, with the sequence it was given.</summary>
public sealed record DialogQueued(WaitingDialog Dialog) : DepartmentChange;

/// <summary>Waits for one operator only (sticky routing, R9) until <see cref="HeldDialog.Until"/>.</summary>
public sealed record DialogHeld(HeldDialog Held) : DepartmentChange;

/// <summary>Left the queue or its hold: assigned, offered, withdrawn, detached.</summary>
public sealed record DialogLeft(string ConversationId) : DepartmentChange;

public sealed record DialogReprioritized(string ConversationId, Priority Priority) : DepartmentChange;

public sealed record OfferOpened(PendingOffer Offer) : DepartmentChange;

public sealed record OfferEnded(string ConversationId) : DepartmentChange;

/// <summary>The round-robin cursor of a tier moved to this operator.</summary>
public sealed record RoundRobinMoved(int Tier, string OperatorId) : DepartmentChange;

/// <summary>An operator joined (with a tier), changed tier, or left (null).</summary>
public sealed record MemberChanged(string OperatorId, int? Tier) : DepartmentChange;

public sealed record WideningMarked(DateTimeOffset? ArmedAt, DateTimeOffset? LastWideningAt) : DepartmentChange;

/// <summary>
/// Written first by every activation: a journal that does not end in a clean deactivation's snapshot tells the next
/// activation that a flow may have been cut by a crash, so it reconciles with its operators and conversations.
/// </summary>
public sealed record ActivationStarted(DateTimeOffset At) : DepartmentChange;
