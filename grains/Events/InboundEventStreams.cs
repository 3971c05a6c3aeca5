using Orleans.Runtime;
using Routing.GrainInterfaces.Events;

namespace Routing.Grains.Events;

/// <summary>
/// Where the stream of batches from each other silo (incarnation) to this one stands, and what a batch or a sender's
/// departure means for this silo's subscribers: which of them may have missed events and must resynchronise.
/// </summary>
public sealed class InboundEventStreams
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SiloAddress, Stream> _streams = [];

    /// <summary>Senders this silo has a stream from.</summary>
    public IReadOnlyList<SiloAddress> Senders
    {
        get { lock (_gate) return [.. _streams.Keys]; }
    }

    /// <summary>What to do with a batch: first cut off the subscriptions that lost events, then deliver its events (unless stale).</summary>
    public InboundVerdict Accept(GrainEventBatch batch)
    {
        lock (_gate)
        {
            var sender = batch.Sender;
            Loss? lost;
            if (!_streams.TryGetValue(sender, out var stream))
            {
                _streams[sender] = stream = new Stream();
                lost = batch.Sequence != 1 ? Loss.All($"the first {batch.Sequence - 1} batches of events from silo {sender} never arrived")
                    : batch.StartedLate ? Loss.All($"silo {sender} published events before it started sending them here")
                    : null;
            }
            else if (batch.Sequence < stream.Next)
            {
                // Overtaken by a later batch, whose gap already cut off every subscription that was there to miss it.
                return new InboundVerdict(Deliver: false, Lost: null);
            }
            else
            {
                lost = batch.Sequence > stream.Next
                    ? Loss.All($"batches {stream.Next}..{batch.Sequence - 1} of events from silo {sender} never arrived")
                    : null;
            }
            stream.Next = batch.Sequence + 1;
            stream.Ended = batch.Last;
            if (lost is null && batch.DroppedTopics is { Count: > 0 } dropped)
                lost = Loss.OfTopics(dropped, $"silo {sender} dropped events of these topics: its queue for this silo was full");
            return new InboundVerdict(Deliver: true, lost);
        }
    }

    /// <summary>
    /// The sender left the cluster (declared dead). Unless its stream ended with its last batch, batches may have been on
    /// the way, of any topic: every subscription may have missed events. One never heard from that this silo never saw
    /// alive either (dead in the first membership this silo read) sent it nothing.
    /// </summary>
    public Loss? SenderLeft(SiloAddress sender, bool seenAlive)
    {
        lock (_gate)
        {
            var heard = _streams.Remove(sender, out var stream);
            if (heard ? stream!.Ended : !seenAlive) return null;
            return Loss.All($"silo {sender} left the cluster without ending its stream of events");
        }
    }

    private sealed class Stream
    {
        public long Next = 1;
        public bool Ended;
    }
}

/// <summary>What a batch means here: deliver its events or drop them as stale; which subscriptions lost events first.</summary>
public readonly record struct InboundVerdict(bool Deliver, Loss? Lost);

/// <summary>Events lost on the way: of these topics, or of unknown ones (<see cref="Topics"/> null: every subscription).</summary>
public sealed record Loss(IReadOnlyList<string>? Topics, string Reason)
{
    public static Loss All(string reason) => new(null, reason);

    public static Loss OfTopics(IReadOnlyList<string> topics, string reason) => new(topics, reason);
}
