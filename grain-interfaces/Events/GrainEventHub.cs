using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Routing.GrainInterfaces.Events;

/// <summary>
/// Fan-out of grain events to this silo's subscribers by topic (the WebSocket sessions subscribe here). Publishing never
/// waits: each subscription has a bounded buffer, and a subscriber that falls behind is cut off with
/// <see cref="GrainEventOverflowException"/> so it can resynchronise, instead of slowing the grain. An event published
/// here also goes to the <see cref="IGrainEventForwarder"/> (the other silos); one published on another silo arrives
/// through <see cref="Deliver"/>.
/// </summary>
public sealed class GrainEventHub
{
    private readonly ConcurrentDictionary<string, ImmutableArray<GrainEventSubscription>> _subscribers = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly int _defaultCapacity;
    private readonly IGrainEventForwarder? _forwarder;
    private long _lastId;
    private long _published;
    private long _received;
    private Action<GrainEvent>? _observers;

    public GrainEventHub(TimeProvider timeProvider, int defaultCapacity = 4096, IGrainEventForwarder? forwarder = null)
    {
        _timeProvider = timeProvider;
        _defaultCapacity = defaultCapacity;
        _forwarder = forwarder;
    }

    /// <summary>Events published in this silo so far.</summary>
    public long PublishedCount => Interlocked.Read(ref _published);

    /// <summary>Events published on other silos that arrived here so far.</summary>
    public long ReceivedCount => Interlocked.Read(ref _received);

    public GrainEvent Publish(string topic, string source, IGrainEventPayload payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(payload);
        var published = new GrainEvent(Interlocked.Increment(ref _lastId), topic, source, _timeProvider.GetUtcNow(), payload);
        Interlocked.Increment(ref _published);
        Offer(published);
        _forwarder?.Forward(published);
        _observers?.Invoke(published);
        return published;
    }

    /// <summary>
    /// Calls <paramref name="observer"/> with every event published in this silo, on the publishing grain's turn (so it
    /// must be quick and never throw): the silo's domain metrics count from here.
    /// </summary>
    public void Observe(Action<GrainEvent> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        Action<GrainEvent>? current, combined;
        do
        {
            current = _observers;
            combined = current + observer;
        } while (Interlocked.CompareExchange(ref _observers, combined, current) != current);
    }

    /// <summary>An event published on another silo: to this silo's subscribers, under an id of this silo, not forwarded again.</summary>
    public void Deliver(GrainEvent fromAnotherSilo)
    {
        Interlocked.Increment(ref _received);
        if (_subscribers.ContainsKey(fromAnotherSilo.Topic))
            Offer(fromAnotherSilo with { Id = Interlocked.Increment(ref _lastId) });
    }

    /// <summary>Starts receiving the events published to <paramref name="topic"/> from now on.</summary>
    public GrainEventSubscription Subscribe(string topic, int? capacity = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var subscription = new GrainEventSubscription(this, topic, capacity ?? _defaultCapacity);
        _subscribers.AddOrUpdate(topic, static (_, s) => [s], static (_, list, s) => list.Add(s), subscription);
        return subscription;
    }

    /// <summary>
    /// Cuts off the current subscriptions of these topics with the resynchronise signal: events of theirs were lost on the
    /// way from another silo. Returns how many were cut off.
    /// </summary>
    public int CutOff(IEnumerable<string> topics, string reason)
    {
        var cut = 0;
        foreach (var topic in topics)
            if (_subscribers.TryGetValue(topic, out var subscriptions))
                foreach (var subscription in subscriptions) cut += subscription.CutOff(reason) ? 1 : 0;
        return cut;
    }

    /// <summary>Cuts off every current subscription: events of unknown topics were lost on the way from another silo.</summary>
    public int CutOffAll(string reason) => CutOff(_subscribers.Keys, reason);

    internal void Remove(GrainEventSubscription subscription)
    {
        while (_subscribers.TryGetValue(subscription.Topic, out var list))
        {
            var updated = list.Remove(subscription);
            if (updated.IsEmpty ? _subscribers.TryRemove(new KeyValuePair<string, ImmutableArray<GrainEventSubscription>>(subscription.Topic, list))
                                : _subscribers.TryUpdate(subscription.Topic, updated, list)) return;
        }
    }

    private void Offer(GrainEvent published)
    {
        if (_subscribers.TryGetValue(published.Topic, out var subscriptions))
            foreach (var subscription in subscriptions) subscription.Offer(published);
    }
}
