using Routing.GrainInterfaces;
using Routing.Grains.Journal;
using Routing.Grains.State;
using Routing.Grains.Webhooks;
using Orleans.Concurrency;
using Routing.Storage.Orleans.Deadlines;
using Routing.Storage;

namespace Routing.Grains.Grains;

/// <summary>
/// One channel's outbound events and their webhook. Every change is one journal row (<see cref="OutboxChange"/>) beside
/// the state, which is the snapshot written only when the journal outgrows it. Delivery is in
/// <c>ChannelOutboxGrain.Delivery.cs</c>.
/// </summary>
/// <remarks>
/// An event is accepted only after the deadline that will deliver it is stored, then its row: a crash in between leaves a
/// deadline that finds nothing (harmless), never an accepted event without a deadline.
/// </remarks>
[GrainType("channel-outbox")]
public sealed partial class ChannelOutboxGrain(
    [PersistentState("channel-outbox")] IPersistentState<ChannelOutboxState> state,
    IDurableStore storage,
    IWebhookSender? sender = null,
    WebhookDeliveryOptions? options = null) : RoutingGrain, IChannelOutboxGrain, IDeadlineReceiver
{
    private const int RememberDone = 1024;
    private ChannelOutboxState S => state.State;
    private readonly WebhookDeliveryOptions _options = options ?? new WebhookDeliveryOptions();
    private SnapshotJournal<ChannelOutboxState, OutboxChange>? _journal;

    private SnapshotJournal<ChannelOutboxState, OutboxChange> Journal => _journal ??= new(state,
        new GrainJournal<OutboxChange>(storage, new GrainLogKey("channel-outbox", GetPrimaryKeyString(), "changes"),
            GrainStateJsonContext.Default.OutboxChange), DeactivateOnIdle);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var change in await Journal.RecoverAsync(cancellationToken)) Apply(change);
    }

    public async Task ConfigureWebhook(ChannelWebhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        if (webhook.Problem() is { } problem) throw new ArgumentException(problem, nameof(webhook));
        if (webhook == S.Webhook) return;
        await Change(new WebhookChanged(webhook, TimeProvider.GetUtcNow()));
    }

    public async Task<bool> RemoveWebhook()
    {
        if (S.Webhook is null) return false;
        await Change(new WebhookChanged(null, TimeProvider.GetUtcNow()));
        return true;
    }

    public async Task<bool> Enqueue(OutboundEvent outbound)
    {
        ArgumentNullException.ThrowIfNull(outbound);
        if (outbound.Problem() is { } problem) throw new ArgumentException(problem, nameof(outbound));
        if (S.Webhook is null) return false; // the common case for a channel without a webhook: no write at all
        if (S.RecentlyDone.Contains(outbound.DeliveryId) || S.Pending.Exists(e => e.Event.DeliveryId == outbound.DeliveryId)) return true;
        var now = TimeProvider.GetUtcNow();
        var accepted = new OutboxAccepted(new OutboxEntry(outbound, now, 0, now));
        Apply(accepted);
        await ArmOrDrop();
        await Journal.AppendAsync(accepted, S.Pending.Count + S.DeadLetters.Count, floor: 256);
        return true;
    }

    public Task<WebhookStatus> GetStatus() => Task.FromResult(new WebhookStatus(
        S.Webhook?.Url, S.Pending.Count, S.Pending.Count == 0 ? null : S.Pending.Min(e => e.AcceptedAt), S.Delivered, S.DeadLettered)
    {
        LastError = S.LastError, LastErrorAt = S.LastErrorAt, DeadLetters = S.DeadLetters.ToList(),
    });

    /// <summary>Applies the change, then journals it (durable before it returns).</summary>
    private async Task Change(OutboxChange change)
    {
        Apply(change);
        await Journal.AppendAsync(change, S.Pending.Count + S.DeadLetters.Count, floor: 256);
    }

    /// <summary>Arms the delivery deadline; on failure memory is ahead of storage, so the activation is dropped.</summary>
    private async Task ArmOrDrop()
    {
        try
        {
            await Arm();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    private void Apply(OutboxChange change)
    {
        switch (change)
        {
            case WebhookChanged { Webhook: { } webhook }:
                S.Webhook = webhook;
                break;
            case WebhookChanged removed:
                S.Webhook = null;
                foreach (var entry in S.Pending.ToList())
                    Apply(new OutboxDeadLettered(Letter(entry, removed.At, "the webhook was removed")));
                break;
            case OutboxAccepted accepted:
                S.Pending.Add(accepted.Entry);
                break;
            case OutboxAttemptFailed failed:
                var index = S.Pending.FindIndex(e => e.Event.DeliveryId == failed.DeliveryId);
                if (index >= 0) S.Pending[index] = S.Pending[index] with { Attempts = failed.Attempts, NextAttemptAt = failed.NextAttemptAt };
                S.LastError = failed.Error;
                S.LastErrorAt = failed.At;
                break;
            case OutboxDelivered delivered:
                if (S.Pending.RemoveAll(e => e.Event.DeliveryId == delivered.DeliveryId) == 0) break;
                S.Delivered++;
                Remember(delivered.DeliveryId);
                break;
            case OutboxDeadLettered dead:
                if (S.Pending.RemoveAll(e => e.Event.DeliveryId == dead.Letter.DeliveryId) == 0) break;
                S.DeadLettered++;
                S.DeadLetters.Add(dead.Letter);
                if (S.DeadLetters.Count > WebhookStatus.MaxDeadLetters) S.DeadLetters.RemoveAt(0);
                S.LastError = dead.Letter.Reason;
                S.LastErrorAt = dead.Letter.At;
                Remember(dead.Letter.DeliveryId);
                break;
        }
    }

    private void Remember(string deliveryId)
    {
        S.RecentlyDone.Add(deliveryId);
        if (S.RecentlyDone.Count > RememberDone) S.RecentlyDone.RemoveAt(0);
    }

    private static DeadLetter Letter(OutboxEntry entry, DateTimeOffset at, string reason) =>
        new(entry.Event.DeliveryId, entry.Event.Type, entry.Event.ConversationId, entry.AcceptedAt, at, entry.Attempts, reason);
}
