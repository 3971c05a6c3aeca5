namespace Routing.Grains.Policies;

/// <summary>
/// Recent assignments of a department in a sliding window (default 15 min) of fixed buckets (default 10 s): bounded
/// memory (90 counters by default) whatever the rate. Timestamps older than the window are ignored. The window slides
/// bucket by bucket, so its span is exact to one bucket. <see cref="Export"/> and <see cref="Restore"/> carry it across a
/// restart in the department's snapshot.
/// </summary>
public sealed class AssignmentRateWindow
{
    private readonly long bucketTicks;
    private readonly long[] bucketNumbers;
    private readonly int[] counts;
    private DateTimeOffset? firstRecorded;

    public AssignmentRateWindow(TimeSpan? window = null, TimeSpan? bucket = null)
    {
        Bucket = bucket ?? TimeSpan.FromSeconds(10);
        Window = window ?? TimeSpan.FromMinutes(15);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Bucket, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(Window, Bucket);
        bucketTicks = Bucket.Ticks;
        var buckets = (int)Math.Ceiling(Window.Ticks / (double)bucketTicks);
        bucketNumbers = new long[buckets];
        Array.Fill(bucketNumbers, long.MinValue);
        counts = new int[buckets];
    }

    public TimeSpan Window { get; }
    public TimeSpan Bucket { get; }

    public void Record(DateTimeOffset at)
    {
        var number = at.UtcTicks / bucketTicks;
        var slot = (int)(number % bucketNumbers.Length);
        if (bucketNumbers[slot] > number) return; // older than the window the slot now holds
        if (bucketNumbers[slot] < number)
        {
            bucketNumbers[slot] = number;
            counts[slot] = 0;
        }
        counts[slot]++;
        if (firstRecorded is null || at < firstRecorded) firstRecorded = at;
    }

    /// <summary>Assignments in the buckets of the window ending at <paramref name="now"/>.</summary>
    public int CountInWindow(DateTimeOffset now)
    {
        var newest = now.UtcTicks / bucketTicks;
        var oldest = newest - bucketNumbers.Length + 1;
        var total = 0;
        for (var i = 0; i < bucketNumbers.Length; i++)
            if (bucketNumbers[i] >= oldest && bucketNumbers[i] <= newest) total += counts[i];
        return total;
    }

    /// <summary>
    /// Assignments per second over the time the counted buckets cover (the window, give or take the current bucket), or
    /// since the first assignment when that is shorter (a department that just opened is not diluted by the minutes
    /// before it had any); null when none in the window.
    /// </summary>
    public double? RatePerSecond(DateTimeOffset now)
    {
        var count = CountInWindow(now);
        if (count == 0 || firstRecorded is not { } first) return null;
        var oldestCounted = new DateTimeOffset((now.UtcTicks / bucketTicks - bucketNumbers.Length + 1) * bucketTicks, TimeSpan.Zero);
        var span = now - (first > oldestCounted ? first : oldestCounted);
        if (span < Bucket) span = Bucket;
        return count / span.TotalSeconds;
    }

    /// <summary>The non-empty buckets and the first assignment: what a snapshot keeps.</summary>
    public AssignmentRateSnapshot Export()
    {
        var buckets = new List<long>();
        var bucketCounts = new List<int>();
        for (var i = 0; i < bucketNumbers.Length; i++)
        {
            if (bucketNumbers[i] == long.MinValue || counts[i] == 0) continue;
            buckets.Add(bucketNumbers[i]);
            bucketCounts.Add(counts[i]);
        }
        return new AssignmentRateSnapshot(buckets, bucketCounts, firstRecorded);
    }

    /// <summary>Puts back what <see cref="Export"/> kept; buckets that no longer fit the window are dropped by the slot rule.</summary>
    public void Restore(AssignmentRateSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        for (var i = 0; i < snapshot.Buckets.Count && i < snapshot.Counts.Count; i++)
        {
            var number = snapshot.Buckets[i];
            var slot = (int)(number % bucketNumbers.Length);
            if (bucketNumbers[slot] > number) continue;
            bucketNumbers[slot] = number;
            counts[slot] = snapshot.Counts[i];
        }
        if (snapshot.FirstRecorded is { } first && (firstRecorded is null || first < firstRecorded)) firstRecorded = first;
    }
}

/// <summary>An <see cref="AssignmentRateWindow"/> as stored: bucket numbers (UTC ticks / bucket) and their counts.</summary>
public sealed record AssignmentRateSnapshot(IReadOnlyList<long> Buckets, IReadOnlyList<int> Counts, DateTimeOffset? FirstRecorded);
