using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;
using Orleans;
using Routing.ClientApi.Operations;
using Routing.ClientApi.Realtime.Sessions;
using Routing.GrainInterfaces.Events;

namespace Routing.ClientApi.Realtime.Live;

/// <summary>
/// The silo's live statistics for supervisor sessions (issue 13). One <see cref="WorkspaceLiveStats"/> per workspace
/// with subscribers on this silo, refreshed at most once per <see cref="RealtimeOptions.QueueBoardInterval"/> and only
/// when something changed, whatever the rate of events: every subscribed session then gets the same frame (a session
/// sends at most one <c>live</c> frame per interval). No grain sees every event: the events the relay brings a silo
/// only say when to read the figures again, from the statistics tables.
/// </summary>
internal sealed class LiveStatsBoard : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, WorkspaceLiveStats> _workspaces = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly IGrainFactory _grains;
    private readonly GrainEventHub _hub;
    private readonly TimeProvider _time;
    private readonly SupervisorOperations _supervisor;
    private readonly JsonSerializerOptions _json;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private int _ticking;

    public LiveStatsBoard(IGrainFactory grains, GrainEventHub hub, TimeProvider time, ClientApiOptions options, SupervisorOperations supervisor,
        IOptions<JsonOptions> json, ILogger<LiveStatsBoard> logger)
    {
        (_grains, _hub, _time, _supervisor, _json, _logger) = (grains, hub, time, supervisor, json.Value.SerializerOptions, logger);
        var every = options.Realtime.QueueBoardInterval;
        _timer = time.CreateTimer(_ => _ = TickAsync(), null, every, every);
    }

    /// <summary>Adds the session to its workspace's subscribers; answers the frame now (its snapshot).</summary>
    public async Task<LiveStatsFrame> SubscribeAsync(RealtimeSession session)
    {
        WorkspaceLiveStats stats;
        lock (_gate)
        {
            stats = _workspaces.GetOrAdd(session.Principal.WorkspaceId, ws => new WorkspaceLiveStats(ws, _hub));
            stats.Sessions[session] = 0;
            stats.EmptySince = null;
        }
        return (await stats.RefreshAsync(_grains, _supervisor, _time.GetUtcNow(), _json)).Frame;
    }

    public void Unsubscribe(RealtimeSession session)
    {
        lock (_gate)
        {
            if (!_workspaces.TryGetValue(session.Principal.WorkspaceId, out var stats) || !stats.Sessions.TryRemove(session, out _)) return;
            if (stats.Sessions.IsEmpty) stats.EmptySince = _time.GetUtcNow();
        }
    }

    /// <summary>Refreshes each workspace that changed and pushes its frame to its sessions when it differs from the last.</summary>
    public async Task TickAsync()
    {
        if (Interlocked.Exchange(ref _ticking, 1) == 1) return; // a slow round is not stacked
        try
        {
            var now = _time.GetUtcNow();
            foreach (var stats in _workspaces.Values)
            {
                if (await Retired(stats, now)) continue;
                if (!stats.NeedsRefresh(now) || stats.Sessions.IsEmpty) continue;
                try
                {
                    var (frame, changed) = await stats.RefreshAsync(_grains, _supervisor, now, _json);
                    if (changed)
                        foreach (var session in stats.Sessions.Keys) session.Push(frame);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger.LogWarning(e, "Live statistics of workspace {Workspace} could not be refreshed; the next round tries again", stats.WorkspaceId);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    /// <summary>
    /// Drops a workspace nobody followed for a whole window, and replaces one that lost events (it subscribes again;
    /// its figures stay right, read from the statistics).
    /// </summary>
    private async Task<bool> Retired(WorkspaceLiveStats stats, DateTimeOffset now)
    {
        bool retire, replace;
        lock (_gate)
        {
            retire = stats.EmptySince is { } empty && now - empty >= TimeSpan.FromMinutes(LiveStatsReader.WindowMinutes);
            replace = !retire && stats.Lost;
            if (!retire && !replace) return false;
            _workspaces.TryRemove(new KeyValuePair<string, WorkspaceLiveStats>(stats.WorkspaceId, stats));
            if (replace)
            {
                var fresh = _workspaces[stats.WorkspaceId] = new WorkspaceLiveStats(stats.WorkspaceId, _hub) { EmptySince = stats.EmptySince };
                foreach (var session in stats.Sessions.Keys) fresh.Sessions[session] = 0;
            }
        }
        _logger.LogInformation(replace ? "Live statistics of workspace {Workspace} lost events; it follows them again from now"
            : "Live statistics of workspace {Workspace} retired: nobody followed them", stats.WorkspaceId);
        await stats.DisposeAsync();
        return true; // a fresh one refreshes from the next round
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        foreach (var stats in _workspaces.Values) await stats.DisposeAsync();
        _workspaces.Clear();
    }
}
