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
/// the worst case for percentiles): the SQL sums alone, and with the percentiles merged.
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
        var histogram = StatsBucketMath.Encode(OneHistogram());
        var fill = Stopwatch.StartNew();
        var checkpoint = await statistics.ReadCheckpointAsync();
        var batch = new List<StatsBucket>(10_000);
        for (var h = 0; h < hours; h++)
        {
            var hour = StatsHour.Of(Start.AddHours(h), TimeZoneInfo.Utc);
            for (var o = 0; o < operators; o++)
            {
                var bucket = StatsBucket.Empty(new StatsBucketKey("year", hour, $"d{o % 10}", $"op-{o}", "Chat", ""));
                bucket.Counters[(int)StatsMeasure.Answered] = 3;
                bucket.Counters[(int)StatsMeasure.FirstResponseCount] = 3;
                bucket.Counters[(int)StatsMeasure.FirstResponseMs] = 90_000;
                bucket.Histograms[(int)StatsTime.FirstResponse] = histogram;
                batch.Add(bucket);
                if (batch.Count < 10_000) continue;
                await statistics.CommitAsync(new StatsBatch(checkpoint, checkpoint, batch, new Dictionary<string, byte[]>(), []));
                batch.Clear();
            }
        }
        if (batch.Count > 0) await statistics.CommitAsync(new StatsBatch(checkpoint, checkpoint, batch, new Dictionary<string, byte[]>(), []));
        fill.Stop();
        var rows = (long)hours * operators;
        Console.WriteLine($"statistics buckets: {rows:N0} (a year of hours x {operators:N0} operators) written in {fill.Elapsed.TotalSeconds:0.0} s");

        var query = new StatsQuery("year", "2026-01-05T00", "2027-01-05T00", [StatsGroup.Department]);
        var sums = Stopwatch.StartNew();
        var grouped = await statistics.QueryAsync(query);
        sums.Stop();
        var merge = Stopwatch.StartNew();
        var figures = grouped.Select(g => StatsFiguresOf.Group(g.Counters, g.Histograms)).ToList();
        merge.Stop();
        Console.WriteLine($"statistics year query by department: SQL sums and histogram rows {sums.Elapsed.TotalMilliseconds:N0} ms, "
            + $"percentiles merged from {grouped.Sum(g => g.Histograms[(int)StatsTime.FirstResponse].Count):N0} histograms {merge.Elapsed.TotalMilliseconds:N0} ms "
            + $"({figures.Count} groups, {figures.Sum(f => f.Answered):N0} answered)");
    }

    private static HdrHistogram.HistogramBase OneHistogram()
    {
        var histogram = StatsBucketMath.NewHistogram();
        histogram.RecordValue(20_000);
        histogram.RecordValue(30_000);
        histogram.RecordValue(40_000);
        return histogram;
    }

    private sealed class UtcContexts : IStatsContexts
    {
        public Task<StatsContext> For(string workspaceId) =>
            Task.FromResult(new StatsContext(workspaceId, _ => TimeZoneInfo.Utc, _ => TimeSpan.FromSeconds(60)));
    }
}
