using System.Diagnostics;
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

/// <summary>A unit of work for one activation: a method call, a timer tick, a deadline, a deactivation.</summary>
internal abstract class GrainRequest
{
    public Admission Admission { get; set; } = Admission.Exclusive;

    /// <summary>Whether admitting it resets the activation's idle clock (timer ticks do not, unless KeepAlive).</summary>
    public bool CountsAsActivity { get; init; } = true;

    /// <summary>The calls this request was made from, for cycle detection.</summary>
    public CallChain? Chain { get; set; }

    public long EnqueuedAt { get; set; } = Stopwatch.GetTimestamp();

    /// <summary>Set once the request finished on its activation.</summary>
    public volatile bool IsCompleted;

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

    /// <summary>Starts the caller-side timeout, if this kind of request has one.</summary>
    public virtual void StartTimeout(TimeProvider timeProvider, TimeSpan timeout, GrainId target)
    {
    }
}
