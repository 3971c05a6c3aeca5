using System.Diagnostics;
using System.Text.Json;
using HdrHistogram;
using Routing.GrainInterfaces;
using Routing.Grains.Policies.Statistics;
using Routing.Grains.State;
using Routing.Grains.Statistics;
using Routing.Storage;
using Routing.Storage.PostgreSql;
using Routing.Storage.Sqlite;
using Routing.Storage.Statistics;
using Routing.Testing;

namespace Routing.LoadTests.Statistics;

/// <summary>
/// Statistics (issue 13) on SQLite or PostgreSQL: (1) the projection rate, timeline events per second from the feed into
/// the hourly buckets and their rollups, with the events appended beforehand through the store's group commit as the
/// grains append them; (2) period queries over a year for N operators, by department, by operator, and by department
/// and month: the SQL alone, then the percentiles merged, and the same rows merged as they were before the sparse
/// histogram format (HdrHistogram's deflate encoding, decoded and added per row), the baseline in the same run; a query
/// that the rollups across operators answer is also run from every operator's rows (the baseline for those rollups).
/// </summary>
/// <remarks>
/// The year is written as a real one reads: every day and month rollup of the year (a year's hours summed, 12
/// first-response durations per operator and hour), each also summed across the operators of each department as the
/// projection writes them, and hour buckets only where the queried period has ragged ends
/// (the only hours a query of a year reads). The 8,760 hour rows per operator that no such query touches are left out,
/// so 1,000 operators fill in minutes instead of hours.
/// </remarks>
internal static class StatisticsHarness
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    // The queried year: from 09:00 to 09:00, so 15 hours at the start and 9 at the end are read from hour buckets.
    private const string YearFrom = "2026-01-05T09", YearTo = "2027-01-05T09";
    private const int Runs = 3;

    // 12 answered per operator and hour, first responses of 5 to 60 s.
    private static readonly long[] FirstResponses = [.. Enumerable.Range(1, 12).Select(i => i * 5_000L)];

    public static async Task RunAsync(LoadTestOptions options)
    {
        var conversations = options.Dialogs ?? (options.Quick ? 2_000 : 50_000);
        var operators = options.Operators ?? (options.Quick ? 20 : 1_000);
        foreach (var storage in options.Storages ?? ["sqlite"])
        {
            if (storage == "postgresql") await OnPostgreSqlAsync(conversations, operators);
            else await OnSqliteAsync(conversations, operators);
        }
    }

    private static async Task OnSqliteAsync(int conversations, int operators)
    {
        var directory = Path.Combine(Path.GetTempPath(), "routing-stats-load-" + Guid.NewGuid().ToString("N"));
        try
        {
            var storageOptions = new SqliteGrainStorageOptions { DatabasePath = Path.Combine(directory, "routing.db") };
            await using var store = new SqliteGrainStorage(storageOptions);
            await store.InitializeAsync();
            var statistics = new SqliteStatisticsStore(storageOptions);
            await ProjectionRateAsync("SQLite", store, statistics, conversations);
            await YearQueryAsync("SQLite", statistics, operators);
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task OnPostgreSqlAsync(int conversations, int operators)
    {
        var server = await PostgresServer.GetSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("stats_load");
        try
        {
            var storageOptions = new PostgreSqlGrainStorageOptions { ConnectionString = connectionString };
            await using (var store = new PostgreSqlGrainStorage(storageOptions))
            await using (var statistics = new PostgreSqlStatisticsStore(storageOptions))
            {
                await store.InitializeAsync();
                await ProjectionRateAsync("PostgreSQL", store, statistics, conversations);
                await YearQueryAsync("PostgreSQL", statistics, operators);
            }
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task ProjectionRateAsync(string name, IDurableStore store, IStatisticsStore statistics, int conversations)
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
        Console.WriteLine($"statistics projection ({name}): {projected:N0} timeline events of {conversations:N0} conversations in "
            + $"{watch.Elapsed.TotalSeconds:0.00} s = {projected / watch.Elapsed.TotalSeconds:N0} events/s (batches of {StatisticsProjector.DefaultBatchSize:N0})");
    }

    private static async Task YearQueryAsync(string name, IStatisticsStore statistics, int operators)
    {
        var fill = Stopwatch.StartNew();
        var written = await FillYearAsync(statistics, operators);
        fill.Stop();
        Console.WriteLine($"statistics year ({name}): {written:N0} buckets (every day and month rollup of a year x {operators:N0} operators, "
            + $"hours at the queried period's ends) written in {fill.Elapsed.TotalSeconds:0.0} s");
        var queries = new (string Name, StatsQuery Query)[]
        {
            ("by department", new StatsQuery("year", YearFrom, YearTo, [StatsGroup.Department])),
            ("by operator", new StatsQuery("year", YearFrom, YearTo, [StatsGroup.Operator])),
            ("by department and month", new StatsQuery("year", YearFrom, YearTo, [StatsGroup.Department, StatsGroup.Month])),
        };
        var legacyOf = new Dictionary<string, byte[]>(); // stored bytes -> the same histogram in the format before (few distinct)
        foreach (var (queryName, query) in queries)
        {
            var sql = new List<double>();
            var merge = new List<double>();
            var baseline = new List<double>();
            var identical = true;
            long histograms = 0;
            int groups = 0;
            var perOperator = new List<double>(); // the same query from every operator's rows, where the rollups across them answer it
            var samePerOperator = true;
            for (var run = 0; run < Runs; run++)
            {
                if (query.ReadsAllOperators)
                {
                    var detailed = Stopwatch.StartNew();
                    var detailedRows = await statistics.QueryAsync(query with { PerOperator = true });
                    var detailedFigures = detailedRows.Select(g => (string.Join("|", g.Group), StatsFiguresOf.Group(g.Counters, g.Histograms))).ToList();
                    perOperator.Add(detailed.Elapsed.TotalMilliseconds);
                    var acrossRows = await statistics.QueryAsync(query);
                    samePerOperator &= detailedFigures.SequenceEqual(acrossRows.Select(g => (string.Join("|", g.Group), StatsFiguresOf.Group(g.Counters, g.Histograms))));
                }
                var watch = Stopwatch.StartNew();
                var rows = await statistics.QueryAsync(query);
                sql.Add(watch.Elapsed.TotalMilliseconds);
                watch.Restart();
                var figures = rows.Select(g => StatsFiguresOf.Group(g.Counters, g.Histograms)).ToList();
                merge.Add(watch.Elapsed.TotalMilliseconds);
                var legacy = rows.Select(g => g.Histograms[(int)StatsTime.FirstResponse]
                    .Select(bytes => LegacyOf(legacyOf, bytes)).ToList()).ToList();
                watch.Restart();
                var before = legacy.Select(LegacyPercentiles).ToList();
                baseline.Add(watch.Elapsed.TotalMilliseconds);
                identical &= figures.Zip(before).All(p => (p.First.FirstResponse.P50Seconds, p.First.FirstResponse.P90Seconds, p.First.FirstResponse.P99Seconds)
                    == (p.Second.P50 / 1000.0, p.Second.P90 / 1000.0, p.Second.P99 / 1000.0));
                histograms = rows.Sum(g => g.Histograms[(int)StatsTime.FirstResponse].Count);
                groups = rows.Count;
            }
            Console.WriteLine($"statistics year query {queryName} ({name}, {operators:N0} operators, {groups:N0} groups, {histograms:N0} histograms), "
                + $"medians of {Runs}: SQL {Median(sql):N0} ms, merge {Median(merge):N0} ms, total {Median(sql) + Median(merge):N0} ms; "
                + $"merge as before (deflate, decoded per row) {Median(baseline):N0} ms; percentiles identical: {(identical ? "yes" : "NO")} "
                + $"[runs: SQL {string.Join(" / ", sql.Select(v => v.ToString("N0")))}, merge {string.Join(" / ", merge.Select(v => v.ToString("N1")))}, "
                + $"before {string.Join(" / ", baseline.Select(v => v.ToString("N0")))}]"
                + (perOperator.Count == 0 ? " (per operator: the query's own rows)" : $"; from every operator's rows instead of the rollups across them: total {Median(perOperator):N0} ms "
                    + $"[{string.Join(" / ", perOperator.Select(v => v.ToString("N0")))}], figures identical: {(samePerOperator ? "yes" : "NO")}"));
        }
    }

    // Every day and month rollup of the year's hours, and the hour buckets of the queried period's ragged ends; each
    // also summed across the operators of each department, as the projection writes them.
    private static async Task<long> FillYearAsync(IStatisticsStore statistics, int operators)
    {
        var writer = new BucketWriter(statistics, await statistics.ReadCheckpointAsync());
        var readHours = StatsPeriodPlan.Split(YearFrom, YearTo, StatsGrain.Month).Where(p => p.Grain == StatsGrain.Hour).ToList();
        var hoursOf = new Dictionary<string, int>(); // hours per hour (1), day and month, for their rollups
        for (var at = Start; at < Start.AddDays(367); at = at.AddHours(1))
        {
            var hour = StatsHour.Of(at, TimeZoneInfo.Utc);
            foreach (var grain in new[] { StatsGrain.Day, StatsGrain.Month }) hoursOf[hour[..StatsGrains.KeyLength(grain)]] = hoursOf.GetValueOrDefault(hour[..StatsGrains.KeyLength(grain)]) + 1;
            if (readHours.Any(p => string.CompareOrdinal(hour, p.From) >= 0 && string.CompareOrdinal(hour, p.To) < 0)) hoursOf[hour] = 1;
        }
        var operatorsOf = Enumerable.Range(0, operators).GroupBy(o => Key("", o).Department).ToList();
        foreach (var (period, count) in hoursOf)
        {
            var rollup = Bucket(count);
            for (var o = 0; o < operators; o++) await writer.Add(rollup with { Key = Key(period, o) });
            foreach (var department in operatorsOf)
                await writer.Add(Bucket(count * department.Count()) with { Key = StatsGrains.AllOperatorsOf(Key(period, department.First())) });
        }
        await writer.Flush();
        return writer.Written;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static StatsBucketKey Key(string period, int o) => new("year", period, $"d{o % 10}", $"op-{o}", "Chat", "");

    // A bucket of `hours` identical hours (counters and histogram summed as the projection sums them).
    private static StatsBucket Bucket(int hours)
    {
        var bucket = StatsBucket.Empty(Key("", 0));
        bucket.Counters[(int)StatsMeasure.Answered] = FirstResponses.Length * hours;
        bucket.Counters[(int)StatsMeasure.FirstResponseCount] = FirstResponses.Length * hours;
        bucket.Counters[(int)StatsMeasure.FirstResponseMs] = FirstResponses.Sum() * hours;
        var histogram = StatsBucketMath.NewHistogram();
        foreach (var value in FirstResponses) histogram.RecordValueWithCount(value, hours);
        bucket.Histograms[(int)StatsTime.FirstResponse] = StatsBucketMath.Encode(histogram);
        return bucket;
    }

    // The baseline, as the query merged before the sparse format: each row's HdrHistogram decoded (inflate, a fresh
    // counts array) and added into the group's histogram.
    private static byte[] LegacyOf(Dictionary<string, byte[]> cache, byte[] stored)
    {
        var text = Convert.ToBase64String(stored);
        if (cache.TryGetValue(text, out var legacy)) return legacy;
        return cache[text] = StatsHistogramCodec.EncodeCompressed(StatsBucketMath.Merge([stored]));
    }

    private static (long P50, long P90, long P99) LegacyPercentiles(List<byte[]> encoded)
    {
        var merged = StatsBucketMath.NewHistogram();
        foreach (var bytes in encoded)
            merged.Add(StatsHistogramCodec.DecodeCompressed(bytes));
        return (merged.GetValueAtPercentile(50), merged.GetValueAtPercentile(90), merged.GetValueAtPercentile(99));
    }

    /// <summary>Commits buckets 10,000 at a time (the checkpoint stays where it is).</summary>
    private sealed class BucketWriter(IStatisticsStore statistics, StatsCheckpoint checkpoint)
    {
        private readonly List<StatsBucket> _batch = new(10_000);

        public long Written { get; private set; }

        public async Task Add(StatsBucket bucket)
        {
            _batch.Add(bucket);
            if (_batch.Count >= 10_000) await Flush();
        }

        public async Task Flush()
        {
            if (_batch.Count == 0) return;
            await statistics.CommitAsync(new StatsBatch(checkpoint, checkpoint, _batch.ToList(), new Dictionary<string, byte[]>(), []));
            Written += _batch.Count;
            _batch.Clear();
        }
    }

    private sealed class UtcContexts : IStatsContexts
    {
        public Task<StatsContext> For(string workspaceId) =>
            Task.FromResult(new StatsContext(workspaceId, _ => TimeZoneInfo.Utc, _ => TimeSpan.FromSeconds(60)));
    }
}
