using Microsoft.Extensions.Logging;
using Routing.GrainInterfaces.Events;

namespace Routing.Grains.Events;

/// <summary>
/// The receiving half of the silo's event relay, a grain service (one per silo, addressed by silo, so every silo reaches
/// every other's): hands the events other silos published to this silo's hub. Batches are numbered per sender
/// incarnation (<see cref="InboundEventStreams"/>); when events were lost on the way (a batch that never arrived, a
/// sender that dropped events or died with batches on the way) the subscriptions that may have missed them are cut off
/// with the hub's resynchronise signal before anything newer is delivered, so no session misses an event silently.
/// </summary>
public sealed partial class GrainEventRelay : GrainService, IGrainEventRelay
{
    private readonly GrainEventHub _hub;
    private readonly InboundEventStreams _streams;
    private readonly IClusterMembershipService _membership;
    private readonly ILogger<GrainEventRelay> _logger;

    public GrainEventRelay(
        GrainId id, Silo silo, ILoggerFactory loggerFactory, GrainEventHub hub, InboundEventStreams streams, IClusterMembershipService membership)
        : base(id, silo, loggerFactory)
    {
        _hub = hub;
        _streams = streams;
        _membership = membership;
        _logger = loggerFactory.CreateLogger<GrainEventRelay>();
    }

    // Before the silo becomes active: from then on, senders that die are noticed.
    public override async Task Init(IServiceProvider serviceProvider)
    {
        await base.Init(serviceProvider);
        _ = FollowDeparturesAsync(_membership.CurrentSnapshot);
    }

    public Task Deliver(GrainEventBatch batch)
    {
        // A late batch of a sender already declared dead: its departure already cut off what it could have reached.
        if (_membership.CurrentSnapshot.GetSiloStatus(batch.Sender) == SiloStatus.Dead) return Task.CompletedTask;
        var verdict = _streams.Accept(batch);
        CutOff(verdict.Lost);
        if (verdict.Deliver)
            foreach (var published in batch.Events) _hub.Deliver(published);
        return Task.CompletedTask;
    }

    private async Task FollowDeparturesAsync(ClusterMembershipSnapshot previous)
    {
        try
        {
            await foreach (var snapshot in _membership.MembershipUpdates.WithCancellation(StoppedCancellationTokenSource.Token))
            {
                foreach (var change in snapshot.CreateUpdate(previous).Changes)
                    if (change.Status == SiloStatus.Dead && !change.SiloAddress.Equals(Silo))
                        CutOff(_streams.SenderLeft(change.SiloAddress, seenAlive: previous.GetSiloStatus(change.SiloAddress) is not (SiloStatus.None or SiloStatus.Dead)));
                previous = snapshot;
            }
        }
        catch (OperationCanceledException) when (StoppedCancellationTokenSource.IsCancellationRequested) { }
        catch (Exception exception)
        {
            LogFollowFailed(_logger, exception);
        }
    }

    private void CutOff(Loss? lost)
    {
        if (lost is null) return;
        var reason = $"Events may have been lost on the way from another silo ({lost.Reason}); resynchronise from state.";
        var cut = lost.Topics is null ? _hub.CutOffAll(reason) : _hub.CutOff(lost.Topics, reason);
        if (cut > 0) LogCutOff(_logger, cut, lost.Reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cut off {Count} event subscriptions to resynchronise: {Reason}")]
    private static partial void LogCutOff(ILogger logger, int count, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stopped following cluster membership: subscribers here may miss events of silos that die")]
    private static partial void LogFollowFailed(ILogger logger, Exception exception);
}
