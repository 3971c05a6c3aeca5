using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Routing.GrainInterfaces.Events;

/// <summary>
/// In-process fan-out of grain events to subscribers by topic (the WebSocket sessions subscribe here).
/// Publishing never waits: each subscription has a bounded buffer, and a subscriber that falls behind
/// is cut off with <see cref="GrainEventOverflowException"/> so it can resynchronise, instead of slowing the grain.
/// </summary>
public sealed class GrainEventHub
{
    private readonly ConcurrentDictionary<string, ImmutableArray<GrainEventSubscription>> _subscribers = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly int _defaultCapacity;
    private long _lastId;

    public GrainEventHub(TimeProvider timeProvider, int defaultCapacity = 4096)
    {
        _timeProvider = timeProvider;
        _defaultCapacity = defaultCapacity;
    }

    /// <summary>Events published so far in this process.</summary>
    public long PublishedCount => Interlocked.Read(ref _lastId);

    public GrainEvent Publish(string topic, string source, object payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var published = new GrainEvent(Interlocked.Increment(ref _lastId), topic, source, _timeProvider.GetUtcNow(), payload);
        if (_subscribers.TryGetValue(topic, out var subscriptions))
            foreach (var subscription in subscriptions) subscription.Offer(published);
        return published;
    }

    /// <summary>Starts receiving the events published to <paramref name="topic"/> from now on.</summary>
    public GrainEventSubscription Subscribe(string topic, int? capacity = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var subscription = new GrainEventSubscription(this, topic, capacity ?? _defaultCapacity);
        _subscribers.AddOrUpdate(topic, static (_, s) => [s], static (_, list, s) => list.Add(s), subscription);
        return subscription;
    }

    internal void Remove(GrainEventSubscription subscription)
    {
        while (_subscribers.TryGetValue(subscription.Topic, out var list))
        {
            var updated = list.Remove(subscription);
            if (updated.IsEmpty ? _subscribers.TryRemove(new KeyValuePair<string, ImmutableArray<GrainEventSubscription>>(subscription.Topic, list))
                                : _subscribers.TryUpdate(subscription.Topic, updated, list)) return;
        }
    }
}
