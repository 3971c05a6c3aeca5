namespace Routing.Runtime.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    [ReadOnly]
    Task<int> Get();

    ValueTask<int> IncrementValueTask();

    ValueTask Reset();

    Task Deactivate();
}

/// <summary>A grain that reports its activations and deactivations to <see cref="Probe"/>.</summary>
public abstract class ProbedGrain : Grain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Probe.Activated(GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Probe.Deactivated(GetPrimaryKeyString(), reason);
        return Task.CompletedTask;
    }
}

public sealed class CounterGrain : ProbedGrain, ICounterGrain
{
    private int _value;

    public Task<int> Increment() => Task.FromResult(++_value);

    public Task<int> Get() => Task.FromResult(_value);

    public ValueTask<int> IncrementValueTask() => new(++_value);

    public ValueTask Reset()
    {
        _value = 0;
        return ValueTask.CompletedTask;
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

[CollectionAge(1)]
public sealed class ShortLivedGrain : ProbedGrain, IShortLivedGrain
{
    public Task Touch() => Task.CompletedTask;
}

public interface IShortLivedGrain : IGrainWithStringKey
{
    Task Touch();
}
