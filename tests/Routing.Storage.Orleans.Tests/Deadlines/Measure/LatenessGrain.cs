using Routing.Storage.Orleans.Deadlines;

namespace Routing.Storage.Orleans.Tests.Deadlines.Measure;

[Alias("routing.tests.ILatenessGrain")]
public interface ILatenessGrain : IGrainWithStringKey
{
    [Alias("Set")]
    Task Set(DateTimeOffset dueAt);
}

/// <summary>Schedules one deadline on itself and reports, on real time, how late it arrived.</summary>
[GrainType("test-lateness")]
public sealed class LatenessGrain : Grain, ILatenessGrain, IDeadlineReceiver
{
    /// <summary>Where the measurement collects the arrivals; one measurement at a time.</summary>
    public static LatenessRecorder? Recorder { get; set; }

    public Task Set(DateTimeOffset dueAt) => this.ScheduleDeadlineAsync("storm", dueAt);

    public Task ReceiveDeadline(DeadlineTick tick)
    {
        Recorder?.Arrived(this.GetPrimaryKeyString(), tick.DueAt, TimeProvider.System.GetUtcNow());
        return Task.CompletedTask;
    }
}
