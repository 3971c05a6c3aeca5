using Microsoft.Extensions.DependencyInjection;

namespace Routing.Storage.Orleans.Deadlines;

/// <summary>
/// Durable deadlines from grain code, for the grain itself: <c>await this.ScheduleDeadlineAsync("rescue", dueAt, payload)</c>.
/// The grain class implements <see cref="IDeadlineReceiver"/> to receive them.
/// </summary>
public static class GrainDeadlineExtensions
{
    /// <inheritdoc cref="IGrainDeadlines.ScheduleAsync"/>
    public static Task ScheduleDeadlineAsync(this IGrainBase grain, string name, DateTimeOffset dueAt, string? payload = null) =>
        DeadlinesOf(grain).ScheduleAsync(grain.GrainContext.GrainId, name, dueAt, payload);

    /// <summary>
    /// Schedules a deadline of <paramref name="target"/> as part of this grain's writes: in its open write pipeline, so
    /// it is durable with (or before) the change of this grain issued after it, and never without the ones before it.
    /// </summary>
    public static Task ScheduleDeadlineOfAsync(this IGrainBase grain, GrainId target, string name, DateTimeOffset dueAt, string? payload = null) =>
        DeadlinesOf(grain).ScheduleAsync(target, name, dueAt, payload, writer: grain.GrainContext.GrainId);

    /// <inheritdoc cref="IGrainDeadlines.CancelAsync"/>
    public static Task CancelDeadlineAsync(this IGrainBase grain, string name) =>
        DeadlinesOf(grain).CancelAsync(grain.GrainContext.GrainId, name);

    private static IGrainDeadlines DeadlinesOf(IGrainBase grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain.GrainContext.ActivationServices.GetRequiredService<IGrainDeadlines>();
    }
}
