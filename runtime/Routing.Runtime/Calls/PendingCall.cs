namespace Routing.Runtime.Calls;

/// <summary>
/// The caller's side of a grain call. Continuations run asynchronously so a caller never continues
/// inside the callee's turn; a timer turns silence into <see cref="GrainCallTimeoutException"/>.
/// </summary>
internal sealed class PendingCall<T>() : TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    private ITimer? _timer;
    private GrainId _target;
    private string? _method;
    private TimeSpan _timeout;

    public void StartTimeout(TimeProvider timeProvider, TimeSpan timeout, GrainId target, string method)
    {
        _target = target;
        _method = method;
        _timeout = timeout;
        _timer = timeProvider.CreateTimer(static state => ((PendingCall<T>)state!).OnTimeout(), this, timeout, Timeout.InfiniteTimeSpan);
    }

    public void Succeed(T result)
    {
        StopTimer();
        TrySetResult(result);
    }

    public void Fail(Exception error)
    {
        StopTimer();
        TrySetException(error);
    }

    private void OnTimeout()
    {
        StopTimer();
        TrySetException(new GrainCallTimeoutException(
            $"Call to {_target}.{_method} got no response within {_timeout.TotalSeconds:0.###} s; its outcome is unknown."));
    }

    private void StopTimer() => Interlocked.Exchange(ref _timer, null)?.Dispose();
}
