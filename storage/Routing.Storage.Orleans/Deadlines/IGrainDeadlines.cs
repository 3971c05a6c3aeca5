namespace Routing.Storage.Orleans.Deadlines;

/// <summary>
/// Durable one-shot deadlines with second precision: "call <see cref="IDeadlineReceiver.ReceiveDeadline"/> on grain G at
/// T with payload P". Injectable in grains; grain code usually calls <see cref="GrainDeadlineExtensions"/> instead.
/// </summary>
public interface IGrainDeadlines
{
    /// <summary>
    /// Schedules the deadline <paramref name="name"/> of <paramref name="grain"/>, replacing any earlier one of that name
    /// (which then never fires in its old form). It is stored when the task completes, so it survives a crash; a due
    /// time already past fires at once.
    /// </summary>
    /// <param name="writer">
    /// Another grain that writes it (default: <paramref name="grain"/> itself): the row joins the writer's open write
    /// pipeline, so it commits in order with the writer's own writes (the intent of <paramref name="grain"/> durable with
    /// the writer's change that needs it, never after it).
    /// </param>
    Task ScheduleAsync(GrainId grain, string name, DateTimeOffset dueAt, string? payload = null, GrainId writer = default);

    /// <summary>Cancels the deadline <paramref name="name"/> of <paramref name="grain"/>, if any: it does not fire.</summary>
    Task CancelAsync(GrainId grain, string name);
}
