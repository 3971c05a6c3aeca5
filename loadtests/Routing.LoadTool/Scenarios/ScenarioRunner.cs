using System.Diagnostics;
using Routing.LoadTool.Engine;
using Routing.LoadTool.Load;
using Routing.LoadTool.Measures;
using Routing.LoadTool.Thresholds;

namespace Routing.LoadTool.Scenarios;

/// <summary>
/// Runs one scenario: set-up, the load (open or closed) with a one-second timeline and the probes, the settle wait
/// for what is still on its way, then the checks and thresholds.
/// </summary>
public sealed class ScenarioRunner(TimeProvider time, IRunObserver observer)
{
    public const string IterationStep = "iteration";
    public const string InFlightGauge = "iterations in flight";

    public async Task<ScenarioResult> RunAsync(Scenario scenario, string description, EngineTarget engine, IReadOnlyList<Threshold> extraThresholds,
        IReadOnlyList<IGaugeProbe> extraProbes, CancellationToken cancellation)
    {
        if (scenario.Problem() is { } problem) throw new ArgumentException(problem, nameof(scenario));
        var stats = new RunStats(scenario.WarmUp);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var context = new ScenarioContext(scenario.Name, engine, stats, time, stopping.Token);
        var startedAt = time.GetUtcNow();
        observer.Started(scenario, "setting up");
        var setUp = Stopwatch.StartNew();
        await using var world = await scenario.Init(context);
        setUp.Stop();
        stats.DiscardSoFar(); // what the set-up measured (its dialogs' first assignments) is not the load's

        observer.Started(scenario, "load");
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var loadStart = time.GetTimestamp();
        var probes = Task.WhenAll(context.Probes.Concat(extraProbes).Select(p => SampleEverySecondAsync(p, stats, sampling.Token)));
        var ticking = TickEverySecondAsync(scenario, stats, loadStart, sampling.Token);
        long iterations;
        if (scenario.Load[0].IsOpen)
        {
            var injector = new OpenInjector(new ArrivalSchedule(scenario.Load), time);
            var inFlight = await injector.RunAsync(n => IterateAsync(world, new IterationContext(n, -1, context)), cancellation);
            iterations = injector.Started;
            await WaitAtMost(Task.WhenAll(inFlight), scenario.Settle);
        }
        else
        {
            var users = new ClosedUsers([.. scenario.Load.Cast<UsersPhase>()], time);
            await users.RunAsync((user, n) => IterateAsync(world, new IterationContext(n, user, context)), cancellation);
            iterations = users.Started;
        }
        var loadTime = time.GetElapsedTime(loadStart);

        observer.Started(scenario, "settling");
        using (var settle = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
        {
            settle.CancelAfter(scenario.Settle);
            try
            {
                await world.SettleAsync(settle.Token);
            }
            catch (OperationCanceledException)
            {
                // What did not arrive in time shows in the checks.
            }
        }
        await sampling.CancelAsync();
        await Task.WhenAll(ticking, probes);
        stats.Tick(time.GetElapsedTime(loadStart)); // the last part-second

        var checks = await world.VerifyAsync();
        var totals = stats.Totals();
        var verdicts = scenario.Thresholds.Concat(extraThresholds.Where(t => t.AppliesTo(scenario.Name))).Select(t => t.Evaluate(totals)).ToArray();
        var scrapes = extraProbes.OfType<MetricsScraper>().SelectMany(s => s.Snapshots).ToArray();
        var result = new ScenarioResult(scenario.Name, description, startedAt, setUp.Elapsed, loadTime, scenario.WarmUp, stats.Measured, iterations,
            totals, stats.Timeline, stats.GaugeTimeline, checks, verdicts, scrapes);
        observer.Finished(result);
        return result;
    }

    private static async Task IterateAsync(IScenarioWorld world, IterationContext context)
    {
        context.Stats.AddToGauge(InFlightGauge, 1);
        try
        {
            await world.IterateAsync(context);
        }
        catch (StepFailedException)
        {
            // counted by its step
        }
        catch (Exception error)
        {
            context.Stats.Step(IterationStep).RecordFailure(ErrorKinds.Of(error));
        }
        finally
        {
            context.Stats.AddToGauge(InFlightGauge, -1);
        }
    }

    private async Task TickEverySecondAsync(Scenario scenario, RunStats stats, long loadStart, CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation))
            {
                var elapsed = time.GetElapsedTime(loadStart);
                observer.Second(scenario, elapsed, stats.Tick(elapsed), stats);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SampleEverySecondAsync(IGaugeProbe probe, RunStats stats, CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            do
            {
                await probe.SampleAsync(stats, cancellation);
            } while (await timer.WaitForNextTickAsync(cancellation));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task WaitAtMost(Task task, TimeSpan patience)
    {
        try
        {
            await task.WaitAsync(patience);
        }
        catch (TimeoutException)
        {
            // Iterations still running are counted by the checks (lost or late), not waited for forever.
        }
    }
}
