using Routing.Runtime.Calls;
using Routing.Runtime.Metrics;
using Routing.Runtime.Types;

namespace Routing.Runtime.Activations;

/// <summary>A call of a grain interface method, answered through a typed task that continues asynchronously.</summary>
internal sealed class MethodRequest<TResult> : GrainRequest
{
    private readonly GrainMethod _method;
    private readonly object?[] _arguments;

    public MethodRequest(GrainMethod method, object?[] arguments)
    {
        _method = method;
        _arguments = arguments;
        if (method.IsReadOnly) Admission = Admission.Shared;
        IsOneWay = method.IsOneWay;
    }

    /// <summary>
    /// Continuations run asynchronously so a caller never continues inside the callee's turn.
    /// </summary>
    public TaskCompletionSource<TResult> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override string MethodName => _method.Name;

    public override MethodStatistics Statistics => _method.Statistics;

    public override Task Invoke(Grain grain) => _method.Invoker(grain, _arguments);

    public override void Complete(Task? task, Exception? error)
    {
        CallTimeouts.Untrack(this);
        if (error is not null && !IsOneWay) Reply.TrySetException(error);
        else Reply.TrySetResult(error is null && task is Task<TResult> typed ? typed.Result : default!); // one-way: nobody observes a fault
    }

    public override void TimedOut(TimeSpan timeout) =>
        Reply.TrySetException(new GrainCallTimeoutException(
            $"Call to {Target}.{MethodName} got no response within {timeout.TotalSeconds:0.###} s; its outcome is unknown."));
}
