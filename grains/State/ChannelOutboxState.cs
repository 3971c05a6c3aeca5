using System.Text.Json.Serialization;
using Routing.GrainInterfaces;
using Routing.Grains.Journal;

namespace Routing.Grains.State;

/// <summary>A channel outbox as of <see cref="JournalThrough"/> (the snapshot beside its <see cref="OutboxChange"/> journal).</summary>
public sealed class ChannelOutboxState : IJournalSnapshot
{
    public ChannelWebhook? Webhook { get; set; }

    /// <summary>Accepted, not yet delivered nor given up, in the order accepted.</summary>
    public List<OutboxEntry> Pending { get; set; } = [];

    public long Delivered { get; set; }
    public long DeadLettered { get; set; }
    public List<DeadLetter> DeadLetters { get; set; } = [];
    public string? LastError { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }

    /// <summary>Delivery ids recently delivered or given up (oldest first), so a re-enqueued one is not sent again.</summary>
    public List<string> RecentlyDone { get; set; } = [];

    public long JournalThrough { get; set; }
}

/// <summary>An accepted event: its failed attempts so far and when the next one is due.</summary>
public sealed record OutboxEntry(OutboundEvent Event, DateTimeOffset AcceptedAt, int Attempts, DateTimeOffset NextAttemptAt);

/// <summary>One row of a channel outbox's journal, applied by <c>ChannelOutboxGrain.Apply</c> live and on replay alike.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$change")]
[JsonDerivedType(typeof(WebhookChanged), "webhook")]
[JsonDerivedType(typeof(OutboxAccepted), "accepted")]
[JsonDerivedType(typeof(OutboxAttemptFailed), "failed")]
[JsonDerivedType(typeof(OutboxDelivered), "delivered")]
[JsonDerivedType(typeof(OutboxDeadLettered), "dead-lettered")]
public abstract record OutboxChange;

/// <summary>The webhook set, or removed (null): then every waiting event is dead-lettered at <paramref name="At"/>.</summary>
public sealed record WebhookChanged(ChannelWebhook? Webhook, DateTimeOffset At) : OutboxChange;

public sealed record OutboxAccepted(OutboxEntry Entry) : OutboxChange;

public sealed record OutboxAttemptFailed(string DeliveryId, int Attempts, DateTimeOffset NextAttemptAt, string Error, DateTimeOffset At) : OutboxChange;

public sealed record OutboxDelivered(string DeliveryId) : OutboxChange;

public sealed record OutboxDeadLettered(DeadLetter Letter) : OutboxChange;
