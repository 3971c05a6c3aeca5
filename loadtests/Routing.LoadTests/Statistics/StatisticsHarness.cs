using System.Diagnostics;
using System.Text.Json;
using Routing.GrainInterfaces;
using Routing.Grains.Policies.Statistics;
using Routing.Grains.State;
using Routing.Grains.Statistics;
using Routing.Storage;
using Routing.Storage.Sqlite;
using Routing.Storage.Statistics;

namespace Routing.LoadTests.Statistics;

/// <summary>
/// Statistics (issue 13) on SQLite: (1) the projection rate, timeline events per second from the feed into the hourly
/// buckets, with the events appended beforehand through the store's group commit as the grains append them; (2) a
/// period query over a year of hourly buckets, one per operator and hour (every bucket with a first-response histogram,
/// the worst case for percentiles) and its day and month rollups: the SQL sums alone, and with the percentiles merged,
/// answered from the rollups and (the baseline, as before rollups) from the hour buckets only.
/// </summary>
internal static class StatisticsHarness
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(LoadTestOptions options)
    {
        var conversations = options.Dialogs ?? (options.Quick ? 2_000 : 50_000);
        var operators = options.Operators ?? (options.Quick ? 20 : 1_000);
        var directory = Path.Combine(Path.GetTempPath(), "routing-stats-load-" + Guid.NewGuid().ToString("N"));
        try
        {
            var storageOptions = new SqliteGrainStorageOptions { DatabasePath = Path.Combine(directory, "routing.db") };
            await using var store = new SqliteGrainStorage(storageOptions);
            await store.InitializeAsync();
            var statistics = new SqliteStatisticsStore(storageOptions);
            await ProjectionRateAsync(store, statistics, conversations);
            await YearQueryAsync(statistics, operators);
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task ProjectionRateAsync(IDurableStore store, IStatisticsStore statistics, int conversations)
    {
        var kinds = new[]
        {
            ConversationChangeKinds.Queued, ConversationChangeKinds.Assigned, ConversationChangeKinds.FirstResponse, ConversationChangeKinds.CustomerMessage,
            ConversationChangeKinds.OperatorMessage, ConversationChangeKinds.CustomerMessage, ConversationChangeKinds.Closed, ConversationChangeKinds.Rated,
        };
        var random = new Random(1);
        await Parallel.ForEachAsync(Enumerable.Range(0, conversations), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) =>
        {
            var opened = Start.AddSeconds(c * 7);
            var entries = kinds.Select((kind, i) => new LogEntry(i + 1, JsonSerializer.SerializeToUtf8Bytes(
                new TimelineEvent(i + 1, kind, opened.AddSeconds(i * 30 + random.Next(30)), i == 0 ? null : $"op-{c % 100}", $"d{c % 10}",
                    kind == ConversationChangeKinds.Queued ? "Chat" : kind == ConversationChangeKinds.Rated ? "4/5" : null),
                GrainStateJsonContext.Default.TimelineEvent))).ToList();
            await store.AppendAsync(new GrainLogKey("conversation", RoutingKeys.Conversation("load", $"c{c}"), "timeline"), entries);
        });
        var projector = new StatisticsProjector(statistics, new UtcContexts());
        var watch = Stopwatch.StartNew();
        var projected = await projector.CatchUpAsync();
        watch.Stop();
        Console.WriteLine($"statistics projection (SQLite): {projected:N0} timeline events of {conversations:N0} conversations in "
            + $"{watch.Elapsed.TotalSeconds:0.00} s = {projected / watch.Elapsed.TotalSeconds:N0} events/s (batches of {StatisticsProjector.DefaultBatchSize:N0})");
    }

    private static async Task YearQueryAsync(IStatisticsStore statistics, int operators)
    {
        const int hours = 365 * 24;
        var fill = Stopwatch.StartNew();
        var writer = new BucketWriter(statistics, await statistics.ReadCheckpointAsync());
        var hourBucket = Bucket(1);
        var hoursOf = new Dictionary<string, int>(); // hours per day and per month of the year, for their rollups
        for (var h = 0; h < hours; h++)
        {
            var hour = StatsHour.Of(Start.AddHours(h), TimeZoneInfo.Utc);
            foreach (var key in StatsGrains.RollupsOf(new StatsBucketKey("", hour, "", "", "", ""))) hoursOf[key.Hour] = hoursOf.GetValueOrDefault(key.Hour) + 1;
            for (var o = 0; o < operators; o++) await writer.Add(hourBucket with { Key = Key(hour, o) });
        }
        // The rollups as the projection writes them: each day's and month's hours summed (counters and histograms).
        foreach (var (period, count) in hoursOf)
        {
            var rollup = Bucket(count);
            for (var o = 0; o < operators; o++) await writer.Add(rollup with { Key = Key(period, o) });
        }
        await writer.Flush();
        fill.Stop();
        Console.WriteLine($"statistics buckets: {(long)hours * operators:N0} hours and {(long)hoursOf.Count * operators:N0} day and month rollups "
            + $"(a year x {operators:N0} operators) written in {fill.Elapsed.TotalSeconds:0.0} s");

        foreach (var coarsest in new[] { StatsGrain.Month, StatsGrain.Hour })
        {
            var query = new StatsQuery("year", "2026-01-05T00", "2027-01-05T00", [StatsGroup.Department]) { Coarsest = coarsest };
            var sums = Stopwatch.StartNew();
            var grouped = await statistics.QueryAsync(query);
            sums.Stop();
            var histograms = grouped.Sum(g => g.Histograms[(int)StatsTime.FirstResponse].Count);
            var from = coarsest == StatsGrain.Month ? "rollups (hours, days, months)" : "hour buckets only";
            if (histograms > MaxHistogramsMerged)
            {
                Console.WriteLine($"statistics year query by department from {from}: SQL sums and histogram rows {sums.Elapsed.TotalMilliseconds:N0} ms, "
                    + $"{histograms:N0} histograms not merged (over {MaxHistogramsMerged:N0})");
                continue;
            }
            var merge = Stopwatch.StartNew();
            var figures = grouped.Select(g => StatsFiguresOf.Group(g.Counters, g.Histograms)).ToList();
            merge.Stop();
            Console.WriteLine($"statistics year query by department from {from}: SQL sums and histogram rows {sums.Elapsed.TotalMilliseconds:N0} ms, "
                + $"percentiles merged from {histograms:N0} histograms {merge.Elapsed.TotalMilliseconds:N0} ms, total {(sums.Elapsed + merge.Elapsed).TotalMilliseconds:N0} ms "
                + $"({figures.Count} groups, {figures.Sum(f => f.Answered):N0} answered, p90 {figures.Max(f => f.FirstResponse.P90Seconds):0.0} s)");
        }
    }

    // Merging an hour-only year at 1,000 operators (8.76 million histograms) would take hours: past this, it is skipped.
    private const int MaxHistogramsMerged = 400_000;

    private static StatsBucketKey Key(string period, int o) => new("year", period, $"d{o % 10}", $"op-{o}", "Chat", "");

    // A bucket of `hours` identical hours: 3 answered per hour, first responses of 20, 30 and 40 s.
    private static StatsBucket Bucket(int hours)
    {
        var bucket = StatsBucket.Empty(Key("", 0));
        bucket.Counters[(int)StatsMeasure.Answered] = 3 * hours;
        bucket.Counters[(int)StatsMeasure.FirstResponseCount] = 3 * hours;
        bucket.Counters[(int)StatsMeasure.FirstResponseMs] = 90_000L * hours;
        var histogram = StatsBucketMath.NewHistogram();
        foreach (var value in new[] { 20_000, 30_000, 40_000 }) histogram.RecordValueWithCount(value, hours);
        bucket.Histograms[(int)StatsTime.FirstResponse] = StatsBucketMath.Encode(histogram);
        return bucket;
    }

    /// <summary>Commits buckets 10,000 at a time (the checkpoint stays where it is).</summary>
    private sealed class BucketWriter(IStatisticsStore statistics, StatsCheckpoint checkpoint)
    {
        private readonly List<StatsBucket> _batch = new(10_000);

        public async Task Add(StatsBucket bucket)
        {
            _batch.Add(bucket);
            if (_batch.Count >= 10_000) await Flush();
        }

        public async Task Flush()
        {
            if (_batch.Count == 0) return;
            await statistics.CommitAsync(new StatsBatch(checkpoint, checkpoint, _batch.ToList(), new Dictionary<string, byte[]>(), []));
            _batch.Clear();
        }
    }

    private sealed class UtcContexts : IStatsContexts
    {
        public Task<StatsContext> For(string workspaceId) =>
            Task.FromResult(new StatsContext(workspaceId, _ => TimeZoneInfo.Utc, _ => TimeSpan.FromSeconds(60)));
    }
}
