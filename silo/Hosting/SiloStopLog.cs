using Routing.Silo.Metrics;

namespace Routing.Silo.Hosting;

/// <summary>
/// Says in the log what a stop does to the grains: how many activations Orleans is about to deactivate (each writes
/// its state), and when the silo is done, so an operator reading the log of a stop sees that nothing was left behind.
/// </summary>
internal sealed partial class SiloStopLog(GrainMetrics metrics, ILogger<SiloStopLog> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        // A silo stops its stages in reverse: Active first, the first stage last.
        lifecycle.Subscribe(nameof(SiloStopLog), ServiceLifecycleStage.Active, _ => Task.CompletedTask, _ =>
        {
            LogDeactivating(logger, metrics.ActivationCount);
            return Task.CompletedTask;
        });
        lifecycle.Subscribe(nameof(SiloStopLog), ServiceLifecycleStage.First, _ => Task.CompletedTask, _ =>
        {
            LogStopped(logger);
            return Task.CompletedTask;
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deactivating {Count} activations")]
    private static partial void LogDeactivating(ILogger logger, long count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Orleans silo stopped: every grain deactivated")]
    private static partial void LogStopped(ILogger logger);
}
