using Routing.Runtime.Calls;
using Routing.Runtime.Metrics;

namespace Routing.Runtime.Activations;

/// <summary>How a request may run beside others on the same activation.</summary>
internal enum Admission
{
    /// <summary>Runs alone: the default for a non-reentrant grain, and always for deactivation.</summary>
    Exclusive,

    /// <summary>Runs beside other shared and interleaved requests ([ReadOnly] methods).</summary>
    Shared,

    /// <summary>Runs beside anything but an exclusive request ([Reentrant] grains, interleaving timers).</summary>
    Interleave,
}

/// <summary>
/// A unit of work for one activation: a method call, a timer tick, a deadline, a deactivation. A request is also a
/// link of its call chain (<see cref="Caller"/>) and, while a caller waits for it, an entry of <see cref="CallTimeouts"/>.
/// </summary>
internal abstract class GrainRequest
{
    public Admission Admission { get; set; } = Admission.Exclusive;

    /// <summary>A notification nobody waits for: no call chain, no timeout, failures only logged.</summary>
    public bool IsOneWay { get; init; }

    /// <summary>Whether admitting it resets the activation's idle clock (timer ticks do not, unless KeepAlive).</summary>
    public bool CountsAsActivity { get; init; } = true;

    /// <summary>The request whose code made this call (null for calls from outside grains).</summary>
    public GrainRequest? Caller { get; set; }

    /// <summary>The grain a call is addressed to.</summary>
    public GrainId Target { get; set; }

    /// <summary>The activation running this request, once admitted.</summary>
    public Activation? RunningOn { get; set; }

    /// <summary>When it was dispatched, in the runtime TimeProvider's timestamp units (0 until then).</summary>
    public long DispatchedAt { get; set; }

    /// <summary>Set once the request finished on its activation.</summary>
    public volatile bool IsCompleted;

    // Links of CallTimeouts' deadline-ordered lists.
    internal GrainRequest? TimeoutPrevious;
    internal GrainRequest? TimeoutNext;
    internal long TimeoutDeadline;
    internal CallTimeouts.Stripe? TimeoutStripe;

    public abstract string MethodName { get; }

    public virtual MethodStatistics? Statistics => null;

    /// <summary>Runs the request's body on the grain (inside a turn of its activation).</summary>
    public abstract Task Invoke(Grain grain);

    /// <summary>Hands the outcome to whoever waits for it.</summary>
    public abstract void Complete(Task? task, Exception? error);

    /// <summary>Fails the request before it ran.</summary>
    public void Fail(Exception error)
    {
        IsCompleted = true;
        Complete(null, error);
    }

    /// <summary>Called by <see cref="CallTimeouts"/> when the caller waited the whole timeout.</summary>
    public virtual void TimedOut(TimeSpan timeout)
    {
    }
}
