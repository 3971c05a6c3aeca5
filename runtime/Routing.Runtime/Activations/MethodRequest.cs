using Routing.Runtime.Calls;
using Routing.Runtime.Metrics;
using Routing.Runtime.Types;

namespace Routing.Runtime.Activations;

/// <summary>A call of a grain interface method, answered through a typed <see cref="PendingCall{T}"/>.</summary>
internal sealed class MethodRequest<TResult> : GrainRequest
{
    private readonly GrainMethod _method;
    private readonly object?[] _arguments;

    public MethodRequest(GrainMethod method, object?[] arguments)
    {
        _method = method;
        _arguments = arguments;
        if (method.IsReadOnly) Admission = Admission.Shared;
    }

    public PendingCall<TResult> Reply { get; } = new();

    public override string MethodName => _method.Name;

    public override MethodStatistics Statistics => _method.Statistics;

    public override Task Invoke(Grain grain) => _method.Invoker(grain, _arguments);

    public override void Complete(Task? task, Exception? error)
    {
        if (error is not null) Reply.Fail(error);
        else Reply.Succeed(task is Task<TResult> typed ? typed.Result : default!);
    }

    public override void StartTimeout(TimeProvider timeProvider, TimeSpan timeout, GrainId target) =>
        Reply.StartTimeout(timeProvider, timeout, target, _method.Name);
}
