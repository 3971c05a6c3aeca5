using Routing.GrainInterfaces.Events;

namespace Routing.Grains.Tests.Grains;

/// <summary>Reads what grains published on a subscribed topic.</summary>
internal static class Published
{
    /// <summary>Every payload of type <typeparamref name="T"/> published so far (drains the subscription).</summary>
    public static List<T> Drain<T>(GrainEventSubscription events)
    {
        var found = new List<T>();
        while (events.Reader.TryRead(out var e))
            if (e.Payload is T payload) found.Add(payload);
        return found;
    }

    /// <summary>The first payload of type <typeparamref name="T"/> published so far; fails when there is none.</summary>
    public static T First<T>(GrainEventSubscription events)
    {
        while (events.Reader.TryRead(out var e))
            if (e.Payload is T payload) return payload;
        throw new Xunit.Sdk.XunitException($"no {typeof(T).Name} event was published");
    }

    /// <summary>Waits for the next payload of type <typeparamref name="T"/> (published by a deadline after time moved).</summary>
    public static async Task<T> Next<T>(GrainEventSubscription events)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var e = await events.Reader.ReadAsync(limit.Token);
            if (e.Payload is T payload) return payload;
        }
    }
}
