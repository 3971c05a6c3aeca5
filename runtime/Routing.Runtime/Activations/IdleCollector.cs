using Routing.Runtime.Timers;

namespace Routing.Runtime.Activations;

/// <summary>
/// Deactivates activations idle for longer than their collection age (Orleans' ActivationCollector).
/// Scans every CollectionQuantum, so an activation goes between age and age + quantum after its last call.
/// </summary>
internal sealed class IdleCollector(GrainRuntime runtime) : IDisposable
{
    private ITimer? _timer;

    public void Start() =>
        _timer = runtime.TimeProvider.CreateDetachedTimer(static s => ((IdleCollector)s!).Collect(), this,
            runtime.Options.CollectionQuantum, runtime.Options.CollectionQuantum);

    /// <summary>One scan; returns how many deactivations it started.</summary>
    public int Collect()
    {
        var time = runtime.TimeProvider;
        var now = time.GetTimestamp();
        var started = 0;
        foreach (var activation in runtime.Directory.All)
        {
            if (!activation.IsIdleSince(now - (long)(AgeOf(activation).TotalSeconds * time.TimestampFrequency))) continue;
            _ = activation.DeactivateAsync(DeactivationReason.IdleCollected);
            started++;
        }
        return started;
    }

    private TimeSpan AgeOf(Activation activation) =>
        runtime.Options.CollectionAgeByType.TryGetValue(activation.Class.TypeName, out var configured) ? configured
            : activation.Class.CollectionAge ?? runtime.Options.CollectionAge;

    public void Dispose() => _timer?.Dispose();
}
