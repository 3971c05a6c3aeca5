using System.Diagnostics;
using System.Text.Json;
using Routing.LoadCommon.Realtime;
using Routing.LoadTool.Measures;
using Routing.LoadTool.Scenarios;

namespace Routing.LoadTool.Engine;

/// <summary>
/// Supervisors' wallboards following the workspace-wide feed on the supervisor WebSocket: each conversation change they
/// get is timed from its <c>at</c> (when the engine published it) to the frame's arrival, under <see cref="Step"/>, and
/// tallied per supervisor (<see cref="FeedTally"/>) for the check that every one of them saw every change once, in order.
/// </summary>
public sealed class SupervisorFeed : IAsyncDisposable
{
    public const string Step = "supervisor-feed";
    private const int ConnectConcurrency = 16;

    private readonly RunStats _stats;
    private readonly DateTimeOffset _wallAnchor = DateTimeOffset.UtcNow;
    private readonly long _clockAnchor = Stopwatch.GetTimestamp();
    private readonly List<(RealtimeClient Client, FeedTally Tally)> _supervisors = [];

    private SupervisorFeed(RunStats stats) => _stats = stats;

    public ErrorFrames ErrorFrames { get; } = new();

    /// <summary>Connects <paramref name="count"/> supervisors of the workspace (none: an empty feed that checks nothing).</summary>
    public static async Task<SupervisorFeed> ConnectAsync(Workspace workspace, RunStats stats, int count)
    {
        var feed = new SupervisorFeed(stats);
        var clients = new (RealtimeClient, FeedTally)[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = ConnectConcurrency }, async (i, _) =>
        {
            var tally = new FeedTally();
            var key = await workspace.NewSupervisorKeyAsync($"load wallboard {i}"); // each their own: a key's sessions are capped
            var client = await RealtimeClient.ConnectAsync(workspace.Engine.NextSupervisorAddress(), workspace.Id, "supervisor", $"supervisor-{i}",
                key, (c, type, frame, arrivedAt) => feed.OnFrame(tally, type, frame, arrivedAt), feed.ErrorFrames);
            clients[i] = (client, tally);
        });
        feed._supervisors.AddRange(clients);
        return feed;
    }

    public int Count => _supervisors.Count;

    private void OnFrame(FeedTally tally, string type, JsonElement frame, long arrivedAt)
    {
        if (frame.TryGetProperty("seq", out var seq)) tally.Frame(seq.GetInt64());
        if (type != "conversation-changed") return;
        var data = frame.GetProperty("data");
        var sighting = tally.Change(data.GetProperty("conversationId").GetString()!, data.GetProperty("timelineSequence").GetInt64());
        if (sighting != FeedSighting.New) return;
        var arrived = _wallAnchor + Stopwatch.GetElapsedTime(_clockAnchor, arrivedAt);
        var late = arrived - data.GetProperty("at").GetDateTimeOffset();
        _stats.Step(Step).RecordOk(late < TimeSpan.Zero ? TimeSpan.Zero : late); // one machine's clock; below zero is rounding
    }

    /// <summary>Waits until every supervisor has seen every change any of them saw.</summary>
    public async Task SettleAsync(CancellationToken cancellation)
    {
        while (_supervisors.Count > 0 && Missing().Any(m => m > 0)) await Task.Delay(50, cancellation);
    }

    private int[] Missing() => FeedTally.Missing([.. _supervisors.Select(s => s.Tally.Seen())]);

    /// <summary>None without supervisors; else one: every supervisor held its socket and saw every change once, in order, without a gap.</summary>
    public IReadOnlyList<CheckResult> Checks()
    {
        if (_supervisors.Count == 0) return [];
        var views = _supervisors.Select(s => s.Tally.Seen()).ToArray(); // one moment: the counts and what is missing agree
        var missing = FeedTally.Missing(views);
        var tallies = _supervisors.Select(s => s.Tally).ToArray();
        var closed = _supervisors.Count(s => !s.Client.IsOpen);
        var (gaps, duplicates, outOfOrder) = (tallies.Sum(t => t.Gaps), tallies.Sum(t => t.Duplicates), tallies.Sum(t => t.OutOfOrder));
        var passed = closed == 0 && missing.All(m => m == 0) && gaps + duplicates + outOfOrder == 0;
        return
        [
            new("supervisor feed complete", passed,
                $"{_supervisors.Count} supervisors saw {views.Min(v => v.Count)}-{views.Max(v => v.Count)} conversation changes "
                + $"({tallies.Min(t => t.Frames)}-{tallies.Max(t => t.Frames)} frames) each; not seen by the end of the settling {missing.Sum()} "
                + $"(by {missing.Count(m => m > 0)} supervisors), duplicated {duplicates}, "
                + $"out of order {outOfOrder}, frame gaps {gaps}, sockets closed by the engine {closed}"),
        ];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (client, _) in _supervisors) await client.DisposeAsync();
    }
}
