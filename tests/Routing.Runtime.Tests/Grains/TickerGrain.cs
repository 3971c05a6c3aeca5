namespace Routing.Runtime.Tests.Grains;

public interface ITickerGrain : IGrainWithStringKey
{
    Task Start(TimeSpan dueTime, TimeSpan period, bool keepAlive);

    Task StopTicking();

    [ReadOnly]
    Task<int> Ticks();
}

public sealed class TickerGrain : ProbedGrain, ITickerGrain
{
    private IDisposable? _timer;
    private int _ticks;
    private int _inTick;

    public Task Start(TimeSpan dueTime, TimeSpan period, bool keepAlive)
    {
        _timer = RegisterGrainTimer(async _ =>
        {
            if (Interlocked.Increment(ref _inTick) != 1) throw new InvalidOperationException("ticks overlapped");
            await Task.Yield();
            _ticks++;
            Probe.Ticked(GetPrimaryKeyString());
            Interlocked.Decrement(ref _inTick);
        }, new GrainTimerOptions(dueTime, period) { KeepAlive = keepAlive });
        return Task.CompletedTask;
    }

    public Task StopTicking()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public Task<int> Ticks() => Task.FromResult(_ticks);
}
