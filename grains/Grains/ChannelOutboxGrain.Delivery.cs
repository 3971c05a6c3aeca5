using System.Text.Json;
using Routing.GrainInterfaces;
using Routing.Grains.State;
using Routing.Grains.Webhooks;
using Orleans.Concurrency;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Grains.Grains;

/// <summary>
/// Delivery: one durable deadline, <c>deliver</c>, always stored at the earliest due attempt, so a restart resumes where
/// it stopped. Its turn sends the due head of up to <see cref="WebhookDeliveryOptions.MaxInFlight"/> conversations at
/// once (a later event of a conversation waits for the earlier one: order per conversation), journals each outcome and
/// re-arms. A crash after a send but before its row sends it again: at least once, the delivery id de-duplicates.
/// </summary>
/// <remarks>
/// The sends are awaited inside the deadline turn (the grain is not reentrant), so an Enqueue arriving meanwhile waits
/// for that turn: at most one attempt timeout (10 s) plus the journal writes, well within the 30 s call timeout. In
/// exchange every change of the outbox stays in one turn at a time, with no interleaving to reason about.
/// </remarks>
public sealed partial class ChannelOutboxGrain
{
    private const string DeliverDeadline = "deliver";
    private DateTimeOffset? _armedFor; // the deliver deadline as this activation stored it (null: none known)

    private string ChannelName => RoutingKeys.IdOf(GetPrimaryKeyString());

    public async Task ReceiveDeadline(DeadlineTick tick)
    {
        if (tick.Name != DeliverDeadline) return;
        _armedFor = null; // this deadline is done when the turn succeeds; Arm stores the next one
        if (S.Webhook is { } webhook)
        {
            var now = TimeProvider.GetUtcNow();
            var batch = Heads().Where(e => e.NextAttemptAt <= now).OrderBy(e => e.NextAttemptAt).Take(Math.Max(1, _options.MaxInFlight)).ToList();
            var outcomes = await Task.WhenAll(batch.Select(entry => Attempt(webhook, entry)));
            for (var i = 0; i < batch.Count; i++) await Settle(batch[i], outcomes[i]);
        }
        await Arm();
    }

    /// <summary>The first waiting event of each conversation, in the order accepted: only these may be sent.</summary>
    private IEnumerable<OutboxEntry> Heads() => S.Pending.GroupBy(e => e.Event.ConversationId).Select(g => g.First());

    /// <summary>Stores the deliver deadline at the earliest due attempt, unless one at or before it is stored already.</summary>
    private async Task Arm()
    {
        if (S.Webhook is null || S.Pending.Count == 0) return;
        var next = Heads().Min(e => e.NextAttemptAt);
        if (_armedFor is { } armed && armed <= next) return;
        await ScheduleDeadlineAsync(DeliverDeadline, next);
        _armedFor = next;
    }

    private async Task<AttemptOutcome> Attempt(ChannelWebhook webhook, OutboxEntry entry)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(entry.Event, WebhookJsonContext.Default.OutboundEvent);
        var timestamp = TimeProvider.GetUtcNow().ToUnixTimeSeconds();
        var headers = WebhookSignature.Headers(entry.Event.DeliveryId, entry.Event.Type, timestamp, WebhookSignature.Sign(webhook.Secret, timestamp, body));
        using var timeout = new CancellationTokenSource(_options.AttemptTimeout, TimeProvider);
        try
        {
            var send = sender ?? throw new InvalidOperationException($"no {nameof(IWebhookSender)} is registered in the silo");
            var response = await send.SendAsync(new Uri(webhook.Url), headers, body, timeout.Token);
            return new AttemptOutcome(response.StatusCode, response.RetryAfter, null);
        }
        catch (WebhookRefusedException refused)
        {
            return new AttemptOutcome(null, null, refused.Message) { Refused = true };
        }
        catch (Exception exception)
        {
            // Connection errors and timeouts are retried like a 5xx.
            return new AttemptOutcome(null, null, timeout.IsCancellationRequested ? $"no answer within {_options.AttemptTimeout}" : exception.Message);
        }
    }

    /// <summary>Journals what the attempt means: delivered, retry later, or given up (dead letter and a supervisor alert).</summary>
    private async Task Settle(OutboxEntry entry, AttemptOutcome outcome)
    {
        var id = entry.Event.DeliveryId;
        if (outcome.Status is { } ok && WebhookRetryPolicy.IsDelivered(ok))
        {
            await Change(new OutboxDelivered(id));
            return;
        }
        var now = TimeProvider.GetUtcNow();
        var attempts = entry.Attempts + 1;
        var error = outcome.Error ?? $"HTTP {outcome.Status}";
        var giveUpAt = entry.AcceptedAt + _options.GiveUpAfter;
        if (outcome.Refused)
            await DeadLetter(entry with { Attempts = attempts }, now, $"not sent: {error}");
        else if (outcome.Status is { } status && WebhookRetryPolicy.IsPermanent(status))
            await DeadLetter(entry with { Attempts = attempts }, now, $"refused by the receiver: {error}");
        else if (now >= giveUpAt)
            await DeadLetter(entry with { Attempts = attempts }, now, $"not delivered within {_options.GiveUpAfter}: {error}");
        else
        {
            var next = now + WebhookRetryPolicy.NextDelay(_options, attempts, outcome.RetryAfter, Random.Shared.NextDouble());
            await Change(new OutboxAttemptFailed(id, attempts, next < giveUpAt ? next : giveUpAt, error, now)); // a last try at the give-up age
        }
    }

    private async Task DeadLetter(OutboxEntry entry, DateTimeOffset now, string reason)
    {
        await Change(new OutboxDeadLettered(Letter(entry, now, reason)));
        PublishEvent(new SupervisorAlert("webhook-failed", entry.Event.ConversationId, null, null,
            $"{ChannelName} webhook: {entry.Event.Type} {entry.Event.DeliveryId} after {entry.Attempts} attempts: {reason}"), "workspace:" + WorkspaceId);
    }

    /// <summary>An attempt's answer: a status (and Retry-After), or the error that kept it from getting one.</summary>
    private sealed record AttemptOutcome(int? Status, TimeSpan? RetryAfter, string? Error)
    {
        /// <summary>The sender would not send it (<see cref="WebhookRefusedException"/>): no retry helps.</summary>
        public bool Refused { get; init; }
    }
}
