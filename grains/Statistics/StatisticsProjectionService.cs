using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Routing.Grains.Statistics;

/// <summary>
/// Keeps the statistics current (R20): catches the projection up every interval on every silo (they share the
/// checkpoint, so the work is not done twice). A failed round is logged and retried at the next one. Without a
/// projector (no statistics store registered) it does nothing.
/// </summary>
public sealed partial class StatisticsProjectionService(StatisticsProjector? projector, TimeSpan interval, TimeProvider time, ILogger<StatisticsProjectionService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (projector is null) return;
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await projector.CatchUpAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Statistics projection failed; retrying at the next round")]
    private partial void LogFailed(Exception exception);
}
