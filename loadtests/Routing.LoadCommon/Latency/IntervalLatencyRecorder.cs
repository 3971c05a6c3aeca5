using HdrHistogram;

namespace Routing.LoadCommon.Latency;

/// <summary>
/// Latencies in microseconds, recorded lock-free from any thread and read one interval at a time (HdrHistogram's
/// <see cref="Recorder"/>): each <see cref="TakeInterval"/> answers what was recorded since the previous one, and a
/// running total of every interval the caller chose to keep.
/// </summary>
public sealed class IntervalLatencyRecorder
{
    private readonly Recorder _recorder = new(1, LatencyHistogram.HighestTrackable, LatencyHistogram.SignificantDigits,
        (id, lowest, highest, digits) => new LongHistogram(id, lowest, highest, digits));
    private readonly LongHistogram _total = new(LatencyHistogram.HighestTrackable, LatencyHistogram.SignificantDigits);
    private HistogramBase? _spare;

    public void RecordMicroseconds(long value) => _recorder.RecordValue(Math.Clamp(value, 1, LatencyHistogram.HighestTrackable));

    public void Record(TimeSpan latency) => RecordMicroseconds((long)latency.TotalMicroseconds);

    /// <summary>What was recorded since the last call; added to <see cref="Total"/> when <paramref name="keep"/> (not warm-up).</summary>
    public LatencySummary TakeInterval(bool keep)
    {
        var interval = _recorder.GetIntervalHistogram(_spare);
        _spare = interval;
        if (keep) _total.Add(interval);
        return LatencySummary.OfMicroseconds(interval);
    }

    /// <summary>Every kept interval so far. Read it from the thread that calls <see cref="TakeInterval"/>.</summary>
    public LatencySummary Total => LatencySummary.OfMicroseconds(_total);
}
