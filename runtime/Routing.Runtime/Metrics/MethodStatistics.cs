namespace Routing.Runtime.Metrics;

/// <summary>Calls, errors and latency (from dispatch to completion) of one grain method. Resolved once per method, not per call.</summary>
public sealed class MethodStatistics
{
    private readonly GrainRuntimeMetrics _owner;
    private readonly KeyValuePair<string, object?>[] _tags;
    private long _calls;
    private long _errors;

    internal MethodStatistics(GrainRuntimeMetrics owner, string grainType, string method)
    {
        _owner = owner;
        GrainType = grainType;
        Method = method;
        _tags = [new("grain.type", grainType), new("grain.method", method)];
    }

    public string GrainType { get; }

    public string Method { get; }

    public long Calls => Interlocked.Read(ref _calls);

    public long Errors => Interlocked.Read(ref _errors);

    public LogLinearHistogram Latency { get; } = new();

    internal void Record(TimeSpan elapsed, bool failed)
    {
        Interlocked.Increment(ref _calls);
        if (failed) Interlocked.Increment(ref _errors);
        Latency.Record(elapsed);
        _owner.Publish(_tags, elapsed, failed);
    }
}
