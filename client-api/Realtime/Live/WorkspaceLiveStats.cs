using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Orleans;
using Routing.ClientApi.Operations;
using Routing.ClientApi.Realtime.Sessions;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Events;

namespace Routing.ClientApi.Realtime.Live;

/// <summary>
/// One workspace's live statistics on this silo (issue 13), shared by its supervisor sessions here. It follows the
/// workspace's <see cref="DialogMeasured"/> events (from every silo, through the relay) and marks itself changed on
/// every dialog, queue or configuration change; a refresh then reads today, this hour and the last 15 minutes from
/// the statistics (durable, so right after a restart) and the queues from their department grains.
/// </summary>
internal sealed class WorkspaceLiveStats : IAsyncDisposable
{
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly GrainEventSubscription _measures;
    private readonly GrainEventSubscription _changes;
    private readonly Task _pumps;
    private int _changed = 1;
    private int _lost;
    private long _refreshedMinute = -1;
    private string? _fingerprint;

    public WorkspaceLiveStats(string workspaceId, GrainEventHub hub)
    {
        WorkspaceId = workspaceId;
        _measures = hub.Subscribe(RoutingTopics.LiveStats(workspaceId));
        _changes = hub.Subscribe(RoutingTopics.Workspace(workspaceId));
        _pumps = Task.WhenAll(Task.Run(() => PumpAsync(_measures)), Task.Run(() => PumpAsync(_changes)));
    }

    public string WorkspaceId { get; }

    public ConcurrentDictionary<RealtimeSession, byte> Sessions { get; } = new();

    /// <summary>When its last session left (null while it has one): it is kept a window long, so a reconnect keeps the count.</summary>
    public DateTimeOffset? EmptySince { get; set; }

    /// <summary>Events were lost (it fell behind, or events between silos were lost): it may miss changes until it subscribes again.</summary>
    public bool Lost => Volatile.Read(ref _lost) != 0;

    /// <summary>Whether a refresh could show something new: an event came, or a minute (the window) or hour passed.</summary>
    public bool NeedsRefresh(DateTimeOffset now) => Volatile.Read(ref _changed) != 0 || LiveStatsReader.MinuteOf(now) != Interlocked.Read(ref _refreshedMinute);

    /// <summary>Computes the frame now; <paramref name="changed"/> says whether it differs from the last one computed.</summary>
    public async Task<(LiveStatsFrame Frame, bool Changed)> RefreshAsync(IGrainFactory grains, SupervisorOperations supervisor, DateTimeOffset now, JsonSerializerOptions json)
    {
        await _refreshing.WaitAsync();
        try
        {
            Volatile.Write(ref _changed, 0); // an event during the reads marks it again
            Interlocked.Exchange(ref _refreshedMinute, LiveStatsReader.MinuteOf(now));
            var frame = await LiveStatsReader.ReadAsync(grains, supervisor, WorkspaceId, now);
            // Longest wait grows every second by itself (clients count it from oldestWaitingSince): not a change.
            var fingerprint = JsonSerializer.Serialize(frame with
            {
                At = default, Workspace = frame.Workspace with { LongestWaitSeconds = null },
                Departments = frame.Departments.Select(d => d with { LongestWaitSeconds = null }).ToList(),
            }, json);
            var changed = fingerprint != _fingerprint;
            _fingerprint = fingerprint;
            return (frame, changed);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task PumpAsync(GrainEventSubscription subscription)
    {
        try
        {
            await foreach (var published in subscription.Reader.ReadAllAsync())
            {
                if (published.Payload is ConversationChanged { IsMessageOnly: true }) continue; // a stored message moves no figure
                Volatile.Write(ref _changed, 1); // a DialogMeasured or another change: the next round reads the figures again
            }
        }
        catch (GrainEventOverflowException)
        {
            Volatile.Write(ref _lost, 1);
        }
        catch (ChannelClosedException) { }
    }

    public async ValueTask DisposeAsync()
    {
        _measures.Dispose();
        _changes.Dispose();
        await _pumps;
        _refreshing.Dispose();
    }
}
