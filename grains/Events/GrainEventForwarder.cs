using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Services;
using Routing.GrainInterfaces.Events;

namespace Routing.Grains.Events;

/// <summary>
/// The sending half of the silo's event relay: every event published here goes, in numbered batches, to the relay of
/// each other active silo (every silo, whatever its subscribers' topics: a silo's interest would have to reach every
/// publisher before its session reads state, or an event could slip between). Alone in the cluster, it forwards
/// nothing and costs a read. It follows membership: a silo that becomes active gets a queue, one declared dead loses it.
/// </summary>
public sealed partial class GrainEventForwarder : GrainServiceClient<IGrainEventRelay>, IGrainEventForwarder, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly IClusterMembershipService _membership;
    private readonly SiloAddress _self;
    private readonly GrainEventRelayOptions _options;
    private readonly ILogger<GrainEventForwarder> _logger;
    private readonly Lock _membershipGate = new();
    private readonly CancellationTokenSource _stopping = new();
    private OutboundEventQueue[] _queues = [];
    private int _anyForwarded;
    private long _batchesSent;
    private Task _following = Task.CompletedTask;

    public GrainEventForwarder(
        IServiceProvider services, IClusterMembershipService membership, ILocalSiloDetails silo, IOptions<GrainEventRelayOptions> options,
        ILogger<GrainEventForwarder> logger)
        : base(services)
    {
        _membership = membership;
        _self = silo.SiloAddress;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The silos this one sends its events to.</summary>
    public IReadOnlyList<SiloAddress> Destinations => [.. Volatile.Read(ref _queues).Select(q => q.Destination)];

    /// <summary>Batches sent so far (to any silo).</summary>
    public long BatchesSent => Interlocked.Read(ref _batchesSent);

    public void Forward(GrainEvent published)
    {
        // Fenced once, before the first read of the queues: a queue added later sees that events went before it.
        if (_anyForwarded == 0) Interlocked.Exchange(ref _anyForwarded, 1);
        var queues = Volatile.Read(ref _queues);
        if (queues.Length == 0) return;
        foreach (var queue in queues)
            if (queue.Enqueue(published)) StartSending(queue);
    }

    void ILifecycleParticipant<ISiloLifecycle>.Participate(ISiloLifecycle lifecycle) =>
        // Starts before the silo becomes active (so before any grain here publishes) and ends after the grains deactivated.
        lifecycle.Subscribe(nameof(GrainEventForwarder), ServiceLifecycleStage.RuntimeGrainServices, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        Follow(_membership.CurrentSnapshot);
        _following = Task.Run(FollowMembershipAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _following;
        if (cancellationToken.IsCancellationRequested) return; // a stop without grace: the receivers treat it as a crash
        var queues = Volatile.Read(ref _queues);
        foreach (var queue in queues)
            if (queue.End()) StartSending(queue);
        try
        {
            await Task.WhenAll(queues.Select(q => q.Finished)).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogStopCut(_logger);
        }
    }

    private async Task FollowMembershipAsync()
    {
        try
        {
            await foreach (var snapshot in _membership.MembershipUpdates.WithCancellation(_stopping.Token)) Follow(snapshot);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested) { }
        catch (Exception exception)
        {
            LogFollowFailed(_logger, exception);
        }
    }

    /// <summary>Queues for the silos now active, none for those declared dead (or gone from the table).</summary>
    internal void Follow(ClusterMembershipSnapshot snapshot)
    {
        lock (_membershipGate)
        {
            var current = Volatile.Read(ref _queues);
            var kept = current.Where(q => snapshot.GetSiloStatus(q.Destination) is not (SiloStatus.Dead or SiloStatus.None)).ToList();
            var added = snapshot.Members.Values
                .Where(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(_self) && kept.All(q => !q.Destination.Equals(m.SiloAddress)))
                .Select(m => new OutboundEventQueue(_self, m.SiloAddress, _options.QueueCapacity, _options.MaxBatchSize, _options.MaxDroppedTopics))
                .ToList();
            if (added.Count == 0 && kept.Count == current.Length) return;
            Interlocked.Exchange(ref _queues, [.. kept, .. added]);
            foreach (var gone in current.Except(kept))
            {
                gone.Close();
                LogStopped(_logger, gone.Destination, gone.Dropped);
            }
            // Read after the queues are in place: an event forwarded before that may have missed them.
            var startedLate = Volatile.Read(ref _anyForwarded) != 0;
            foreach (var queue in added)
            {
                LogStarted(_logger, queue.Destination, startedLate);
                if (queue.Open(startedLate)) StartSending(queue);
            }
        }
    }

    private void StartSending(OutboundEventQueue queue) => _ = Task.Run(() => SendAsync(queue));

    // One sender per queue at a time, each batch awaited: batches arrive in order and a slow receiver fills only this queue.
    private async Task SendAsync(OutboundEventQueue queue)
    {
        var relay = GetGrainService(queue.Destination);
        while (queue.TakeBatch() is { } batch)
        {
            try
            {
                await relay.Deliver(batch);
                Interlocked.Increment(ref _batchesSent);
            }
            catch (Exception exception)
            {
                // Perhaps delivered, perhaps not: the receiver sees a gap in the numbers if it was lost.
                LogSendFailed(_logger, exception, batch.Sequence, queue.Destination);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sending this silo's events to silo {Silo} (started late: {StartedLate})")]
    private static partial void LogStarted(ILogger logger, SiloAddress silo, bool startedLate);

    [LoggerMessage(Level = LogLevel.Information, Message = "No longer sending events to silo {Silo}, which left the cluster ({Dropped} events dropped for it in all)")]
    private static partial void LogStopped(ILogger logger, SiloAddress silo, long dropped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {Sequence} of events for silo {Silo} may not have arrived; its subscribers resynchronise if not")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, long sequence, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The silo stopped before its last events reached every other silo; their subscribers resynchronise")]
    private static partial void LogStopCut(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stopped following cluster membership: silos that join get no events from this one")]
    private static partial void LogFollowFailed(ILogger logger, Exception exception);
}
