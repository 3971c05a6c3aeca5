using System.Threading.Channels;

namespace Routing.GrainInterfaces.Events;

/// <summary>One subscriber's ordered stream of events of a topic. Dispose to stop receiving.</summary>
public sealed class GrainEventSubscription : IDisposable
{
    private readonly GrainEventHub _hub;
    private readonly Channel<GrainEvent> _channel;
    private int _cutOff;

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

    /// <summary>
    /// Completes with <see cref="GrainEventOverflowException"/> if the subscriber fell too far behind, or if events of its
    /// topic were lost on the way from another silo.
    /// </summary>
    public ChannelReader<GrainEvent> Reader => _channel.Reader;

    /// <summary>Cut off: the subscriber must resynchronise from state.</summary>
    public bool Overflowed => Volatile.Read(ref _cutOff) != 0;

    internal void Offer(GrainEvent published)
    {
        if (_channel.Writer.TryWrite(published)) return;
        CutOff($"The subscriber of '{Topic}' fell more than its buffer behind and was cut off after event {published.Id - 1}; resynchronise from state.");
    }

    /// <summary>Ends the stream with the resynchronise signal (once); false when it was already cut off.</summary>
    internal bool CutOff(string reason)
    {
        if (Interlocked.Exchange(ref _cutOff, 1) != 0) return false;
        _channel.Writer.TryComplete(new GrainEventOverflowException(reason));
        _hub.Remove(this);
        return true;
    }

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _hub.Remove(this);
    }
}

/// <summary>A subscription was cut off because its reader did not keep up, or events of its topic were lost between silos.</summary>
[Orleans.GenerateSerializer, Orleans.Alias("routing.GrainEventOverflowException")]
public sealed class GrainEventOverflowException(string message) : Exception(message);
