using System.Text.Json;
using Routing.GrainInterfaces;
using Routing.Grains.Grains;
using Routing.Grains.Policies.Statistics;
using Routing.Grains.State;
using Routing.Grains.Statistics;
using Routing.Grains.Tests.CrashCuts;
using Routing.Storage;
using Routing.Storage.Statistics;

namespace Routing.Grains.Tests.Statistics;

/// <summary>
/// One database of one provider with timelines appended as the conversation grain appends them (rows of its
/// "timeline" log), and projectors over its statistics tables; no silo. Workspace "acme", departments in UTC but
/// "tokyo" (Asia/Tokyo), "support" with a 60 s first-response target.
/// </summary>
internal sealed class StatsWorld : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    public static TheoryData<string> Providers => new() { "sqlite", "postgresql" };

    private readonly CrashStore _database;
    private readonly Dictionary<string, long> _lengths = [];
    private readonly List<IStatisticsStore> _statistics = [];

    private StatsWorld(CrashStore database, IDurableStore store)
    {
        _database = database;
        Store = store;
    }

    public IDurableStore Store { get; }

    public static readonly IStatsContexts Contexts = new FixedContexts();

    public static async Task<StatsWorld> CreateAsync(string provider)
    {
        var database = await CrashStore.CreateAsync(provider);
        var store = database.Open(TimeProvider.System);
        await store.InitializeAsync();
        return new StatsWorld(database, store);
    }

    /// <summary>A statistics store on the world's database (a fresh one: as a restarted silo would open).</summary>
    public IStatisticsStore Statistics()
    {
        var statistics = _database.OpenStatistics();
        _statistics.Add(statistics);
        return statistics;
    }

    public StatisticsProjector Projector(IStatisticsStore? statistics = null, int batchSize = 3) =>
        new(statistics ?? Statistics(), Contexts, batchSize);

    /// <summary>Appends one timeline event of conversation <paramref name="conversationId"/>, <paramref name="seconds"/> after T0.</summary>
    public async Task<StatsWorld> Event(string conversationId, double seconds, string kind, string? operatorId = null, string department = "support", string? detail = null)
    {
        var key = new GrainLogKey("conversation", RoutingKeys.Conversation("acme", conversationId), "timeline");
        var sequence = _lengths[conversationId] = _lengths.GetValueOrDefault(conversationId) + 1;
        var entry = new TimelineEvent(sequence, kind, T0.AddSeconds(seconds), operatorId, department, detail);
        await Store.AppendAsync(key, [new LogEntry(sequence, JsonSerializer.SerializeToUtf8Bytes(entry, GrainStateJsonContext.Default.TimelineEvent))]);
        return this;
    }

    /// <summary>A dialog answered by <paramref name="operatorId"/>: queued at <paramref name="at"/>, assigned 10 s later, first reply after <paramref name="reply"/> s, closed 5 min after.</summary>
    public async Task Answered(string conversationId, double at, string operatorId, double reply)
    {
        await Event(conversationId, at, ConversationChangeKinds.Queued, detail: "Chat");
        await Event(conversationId, at + 10, ConversationChangeKinds.Assigned, operatorId);
        await Event(conversationId, at + reply, ConversationChangeKinds.FirstResponse, operatorId);
        await Event(conversationId, at + 300, ConversationChangeKinds.Closed, operatorId, detail: "operator");
    }

    /// <summary>
    /// Every bucket group of the days around T0 by hour, department, operator and channel (the hour buckets), by day
    /// (the day rollups) and of March (the month rollups), and the same by department and channel (the rollups across
    /// operators), as text: equal text, equal numbers.
    /// </summary>
    public async Task<string> Snapshot()
    {
        var dimensions = new[] { StatsGroup.Department, StatsGroup.Operator, StatsGroup.Channel };
        var byHour = await Statistics().QueryAsync(new StatsQuery("acme", "2026-03-01T00", "2026-03-04T00", [StatsGroup.Hour, .. dimensions]));
        var byDay = await Statistics().QueryAsync(new StatsQuery("acme", "2026-03-01T00", "2026-03-04T00", [StatsGroup.Day, .. dimensions]));
        var march = await Statistics().QueryAsync(new StatsQuery("acme", "2026-03-01T00", "2026-04-01T00", dimensions));
        // The same without the operator: read from the rollups across operators.
        var teams = new[] { StatsGroup.Department, StatsGroup.Channel };
        var teamsByHour = await Statistics().QueryAsync(new StatsQuery("acme", "2026-03-01T00", "2026-03-04T00", [StatsGroup.Hour, .. teams]));
        var teamsByDay = await Statistics().QueryAsync(new StatsQuery("acme", "2026-03-01T00", "2026-03-04T00", [StatsGroup.Day, .. teams]));
        var teamsInMarch = await Statistics().QueryAsync(new StatsQuery("acme", "2026-03-01T00", "2026-04-01T00", teams));
        return $"hours:\n{Text(byHour)}\ndays:\n{Text(byDay)}\nmarch:\n{Text(march)}"
            + $"\nacross operators, hours:\n{Text(teamsByHour)}\ndays:\n{Text(teamsByDay)}\nmarch:\n{Text(teamsInMarch)}";
    }

    /// <summary>Query rows as text: each group's values, counters, and its merged histograms' count, p50 and p99.</summary>
    public static string Text(IEnumerable<StatsGroupRow> rows) =>
        string.Join("\n", rows.Select(r => string.Join("|", r.Group) + ": " + string.Join(",", r.Counters) + " "
            + string.Join(",", r.Histograms.Select(h => StatsBucketMath.Merge(h) is { TotalCount: > 0 } merged ? $"{merged.TotalCount}/{merged.GetValueAtPercentile(50)}/{merged.GetValueAtPercentile(99)}" : "-"))));

    public async Task<StatsGroupRow> Total()
    {
        var rows = await Statistics().QueryAsync(new StatsQuery("acme", "2026-03-01T00", "2026-03-04T00", []));
        return Assert.Single(rows);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var statistics in _statistics)
            if (statistics is IAsyncDisposable disposable) await disposable.DisposeAsync();
        await Store.DisposeAsync();
        await _database.DisposeAsync();
    }

    private sealed class FixedContexts : IStatsContexts
    {
        public Task<StatsContext> For(string workspaceId) =>
            Task.FromResult(new StatsContext(workspaceId, d => d == "tokyo" ? Tokyo : TimeZoneInfo.Utc, d => d == "support" ? TimeSpan.FromSeconds(60) : null));

        private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    }
}
