using BenchmarkDotNet.Attributes;

namespace Routing.LoadTests.Calls;

/// <summary>
/// Cost of one call under load: the same callers and the same number of targets, through raw channels (the baseline)
/// and through grains. Each invocation makes <see cref="CallsPerInvoke"/> calls, so BenchmarkDotNet reports per call.
/// </summary>
public class CallThroughputBenchmarks
{
    /// <summary>Divisible by every <see cref="Callers"/> value, so each caller makes the same number of calls.</summary>
    public const int CallsPerInvoke = 25_600;

    private CallTargets? _targets;

    [Params(64, 256)]
    public int Callers { get; set; }

    [Params(1_000)]
    public int Targets { get; set; }

    [GlobalSetup]
    public void Setup() => _targets = CallTargets.CreateAsync(Targets).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _targets?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = CallsPerInvoke, Description = "raw channel call")]
    public Task RawChannel() => CallLoad.RunAsync(new ChannelActorTargets(_targets!.Actors), Callers, CallsPerInvoke / Callers);

    [Benchmark(OperationsPerInvoke = CallsPerInvoke, Description = "grain call")]
    public Task Grain() => CallLoad.RunAsync(new GrainTargets(_targets!.Grains), Callers, CallsPerInvoke / Callers);
}
