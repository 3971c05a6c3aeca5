using Routing.Runtime.Metrics;

namespace Routing.Runtime.Activations;

/// <summary>Runtime-made work on an activation (timer ticks, deadlines): a delegate and a plain completion.</summary>
internal sealed class DelegateRequest(string name, Func<Grain, Task> body, MethodStatistics? statistics = null) : GrainRequest
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Done => _done.Task;

    /// <summary>A deactivation: once the activation is gone it is done, never sent on to a fresh activation.</summary>
    public bool IsDeactivation { get; init; }

    public override string MethodName => name;

    public override MethodStatistics? Statistics => statistics;

    public override Task Invoke(Grain grain) => body(grain);

    public override void Complete(Task? task, Exception? error)
    {
        if (error is not null) _done.TrySetException(error);
        else _done.TrySetResult();
    }
}
