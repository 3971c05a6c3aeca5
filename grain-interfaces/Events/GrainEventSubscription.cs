using System.Threading.Channels;

namespace Routing.GrainInterfaces.Events;

/// <summary>One subscriber's ordered stream of events of a topic. Dispose to stop receiving.</summary>
public sealed class GrainEventSubscription : IDisposable
{
    private readonly GrainEventHub _hub;
    private readonly Channel<GrainEvent> _channel;

    internal GrainEventSubscription(GrainEventHub hub, string topic, int capacity)
    {
        _hub = hub;
        Topic = topic;
        _channel = Channel.CreateBounded<GrainEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails instead of dropping silently
        });
    }

    public string Topic { get; }

    /// <summary>Completes with <see cref="GrainEventOverflowException"/> if the subscriber fell too far behind.</summary>
    public ChannelReader<GrainEvent> Reader => _channel.Reader;

    public bool Overflowed { get; private set; }

    internal void Offer(GrainEvent published)
    {
        if (_channel.Writer.TryWrite(published)) return;
        if (Overflowed) return;
        Overflowed = true;
        _channel.Writer.TryComplete(new GrainEventOverflowException(
            $"The subscriber of '{Topic}' fell more than its buffer behind and was cut off after event {published.Id - 1}; resynchronise from state."));
        _hub.Remove(this);
    }

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _hub.Remove(this);
    }
}

/// <summary>A subscription was cut off because its reader did not keep up.</summary>
public sealed class GrainEventOverflowException(string message) : Exception(message);
