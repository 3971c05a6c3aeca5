using Microsoft.Extensions.Logging;
using Routing.Runtime.Activations;

namespace Routing.Runtime.Timers;

/// <summary>
/// An activation timer (Orleans grain timer). Each tick is a request on the activation, so it runs as a turn
/// of the grain; the next tick is armed only as the callback finishes, so ticks never overlap.
/// Not durable: it dies with the activation (durable deadlines are for what must survive).
/// </summary>
internal sealed class GrainTimer : IDisposable
{
    private readonly Activation _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly GrainTimerOptions _options;
    private readonly CancellationTokenSource _disposed = new();
    private ITimer? _timer;

    public GrainTimer(Activation activation, Func<CancellationToken, Task> callback, GrainTimerOptions options)
    {
        if (options.DueTime < TimeSpan.Zero && options.DueTime != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(options), "DueTime must be non-negative or infinite.");
        _activation = activation;
        _callback = callback;
        _options = options;
    }

    public void Start() =>
        _timer = _activation.TimeProvider.CreateDetachedTimer(static s => ((GrainTimer)s!).OnDue(), this, _options.DueTime, Timeout.InfiniteTimeSpan);

    private void OnDue()
    {
        if (_disposed.IsCancellationRequested) return;
        var tick = new DelegateRequest("Timer", _ => TickAsync())
        {
            CountsAsActivity = _options.KeepAlive,
            Admission = _options.Interleave || _activation.Class.IsReentrant ? Admission.Interleave : Admission.Exclusive,
        };
        _activation.EnqueueTick(tick);
    }

    // Runs as the tick's request; re-arming inside it means the next tick is set before anyone sees this one done.
    private async Task TickAsync()
    {
        try
        {
            await _callback(_disposed.Token);
        }
        catch (Exception ex)
        {
            _activation.Runtime.Logger.LogError(ex, "A timer callback of {GrainId} threw; the timer goes on", _activation.GrainId);
        }
        finally
        {
            Rearm();
        }
    }

    private void Rearm()
    {
        if (_disposed.IsCancellationRequested || _options.Period == Timeout.InfiniteTimeSpan || _options.Period <= TimeSpan.Zero) return;
        try
        {
            _timer?.Change(_options.Period, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check and the change: nothing to re-arm.
        }
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested) return;
        _disposed.Cancel();
        _timer?.Dispose();
        _activation.RemoveTimer(this);
    }
}
