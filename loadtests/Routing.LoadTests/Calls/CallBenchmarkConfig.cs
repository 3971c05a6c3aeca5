using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Routing.LoadTests.Calls;

/// <summary>BenchmarkDotNet settings: medians, ratios to the baseline and allocations per call.</summary>
public static class CallBenchmarkConfig
{
    public static IConfig Create(bool quick)
    {
        // A full run builds the benchmark and runs it in processes of its own, as BenchmarkDotNet recommends, three
        // of them: a process settles in one scheduling regime (how callers and turns land on pool threads), which
        // moved a grain call's cost by up to 1.5x between processes here. A quick run stays in this process and does a
        // few short iterations: a smoke test of the code path, not a measurement.
        var job = quick
            ? Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(1).WithIterationCount(3).WithId("quick")
            : Job.Default.WithLaunchCount(3).WithWarmupCount(3).WithIterationCount(15).WithId("full");
        return ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddColumn(StatisticColumn.Median, StatisticColumn.P95)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
            .AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub)
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"))
            .WithOptions(ConfigOptions.JoinSummary);
    }
}
