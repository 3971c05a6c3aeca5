using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Routing.ClientApi.Realtime.Sessions;
using Routing.GrainInterfaces;
using Orleans;

namespace Routing.ClientApi.Realtime.Queues;

/// <summary>
/// Keeps every waiting widget's place fresh (R16) at one grain call per department per refresh, whatever the number of
/// widgets: each <see cref="RealtimeOptions.QueueRefreshInterval"/> it reads all positions of each department that has
/// watchers and pushes each watcher its own. A per-widget poll would cost the busiest grain one call per waiting
/// customer per interval.
/// </summary>
internal sealed class QueuePositionBoard : IAsyncDisposable
{
    // department key → conversation id → the sessions (widget tabs) showing it
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, ConcurrentDictionary<RealtimeSession, byte>>> _watchers = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private int _refreshing;

    public QueuePositionBoard(IGrainFactory grains, TimeProvider time, ClientApiOptions options, ILogger<QueuePositionBoard> logger)
    {
        _grains = grains;
        _logger = logger;
        var every = options.Realtime.QueueRefreshInterval;
        _timer = time.CreateTimer(_ => _ = RefreshAsync(), null, every, every);
    }

    // Watch and Unwatch under one lock: an Unwatch emptying a set must not remove it while a Watch adds to it (two tabs
    // of a visitor re-register at the same moment). The refresh reads the concurrent dictionaries without it.
    private readonly Lock _gate = new();

    public void Watch(string departmentKey, string conversationId, RealtimeSession session)
    {
        lock (_gate) _watchers.GetOrAdd(departmentKey, _ => new(StringComparer.Ordinal)).GetOrAdd(conversationId, _ => new())[session] = 0;
    }

    public void Unwatch(string departmentKey, string conversationId, RealtimeSession session)
    {
        lock (_gate)
        {
            if (!_watchers.TryGetValue(departmentKey, out var conversations) || !conversations.TryGetValue(conversationId, out var sessions)) return;
            sessions.TryRemove(session, out _);
            if (sessions.IsEmpty) conversations.TryRemove(conversationId, out _);
        }
    }

    /// <summary>One read per department with watchers; each watcher gets its position (the session sends it when it changed).</summary>
    public async Task RefreshAsync()
    {
        if (Interlocked.Exchange(ref _refreshing, 1) == 1) return; // a slow refresh is not stacked
        try
        {
            foreach (var (departmentKey, conversations) in _watchers)
            {
                if (conversations.IsEmpty) continue;
                try
                {
                    foreach (var position in await _grains.GetGrain<IDepartmentGrain>(departmentKey).GetQueuePositions())
                        if (conversations.TryGetValue(position.ConversationId, out var sessions))
                            foreach (var session in sessions.Keys) session.Push(position);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger.LogWarning(e, "Queue positions of {Department} could not be refreshed; the next refresh tries again", departmentKey);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    public ValueTask DisposeAsync() => _timer.DisposeAsync();
}
