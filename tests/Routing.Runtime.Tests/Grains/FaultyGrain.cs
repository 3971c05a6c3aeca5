namespace Routing.Runtime.Tests.Grains;

public sealed class OperatorUnavailableException(string message, string operatorId) : Exception(message)
{
    public string OperatorId { get; } = operatorId;
}

public interface IFaultyGrain : IGrainWithStringKey
{
    Task ThrowAfterAwait(string operatorId);

    Task<int> ThrowSynchronously(string operatorId);

    Task Hang();

    Task<int> Ok();
}

public sealed class FaultyGrain : Grain, IFaultyGrain
{
    public async Task ThrowAfterAwait(string operatorId)
    {
        await Task.Yield();
        throw new OperatorUnavailableException("operator is offline", operatorId);
    }

    // Not async: the exception leaves the method before any Task exists.
    public Task<int> ThrowSynchronously(string operatorId) => throw new OperatorUnavailableException("thrown synchronously", operatorId);

    public Task Hang() => Gates.WaitAsync("hang-" + GetPrimaryKeyString());

    public Task<int> Ok() => Task.FromResult(42);
}

public interface IFragileActivationGrain : IGrainWithStringKey
{
    Task<int> Ping();
}

/// <summary>Fails OnActivateAsync while <see cref="FailuresLeft"/> says so for its key.</summary>
public sealed class FragileActivationGrain : Grain, IFragileActivationGrain
{
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> FailuresLeft = new();
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Pings = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = GetPrimaryKeyString();
        await Gates.WaitAsync("activate-" + key); // the test lets activation proceed once its calls are queued
        if (FailuresLeft.TryGetValue(key, out var left) && left > 0)
        {
            FailuresLeft[key] = left - 1;
            throw new InvalidOperationException("activation failed on purpose: " + key);
        }
    }

    public Task<int> Ping() => Task.FromResult(Pings.AddOrUpdate(GetPrimaryKeyString(), 1, (_, n) => n + 1));
}
