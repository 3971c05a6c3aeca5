using Microsoft.Extensions.DependencyInjection;
using Routing.GrainInterfaces;
using Routing.Grains.Webhooks;
using Routing.Storage;

namespace Routing.Grains.Tests.Grains.Webhooks;

/// <summary>A channel outbox delivers to its webhook at least once, in order per conversation, retrying with backoff.</summary>
public sealed class ChannelOutboxTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Failed_attempts_back_off_then_deliver_one_signed_event()
    {
        var world = await OutboxWorld.StartAsync(_database.DatabasePath);
        await using var silo = world.Silo;
        await world.Outbox().ConfigureWebhook(new ChannelWebhook(OutboxWorld.Url, OutboxWorld.Secret));
        world.Sender.AnswerNext(500, 503);
        Assert.True(await world.Outbox().Enqueue(OutboxWorld.Event("a", 1, "hello there")));

        await world.Step(TimeSpan.Zero);
        await world.Step(TimeSpan.FromSeconds(1)); // the first delay is 1 s at most (half to all of it: jitter)
        await world.Step(TimeSpan.FromSeconds(2)); // then doubled

        var sent = world.Sender.Sent;
        Assert.Equal(3, sent.Count);
        Assert.All(sent, s => Assert.Equal("a:message:1", s.DeliveryId));
        Assert.True(sent[1].At - sent[0].At >= TimeSpan.FromSeconds(0.5), "backs off after the first failure");
        Assert.True(sent[2].At - sent[1].At >= TimeSpan.FromSeconds(1), "backs off longer after the second");
        var status = await world.Outbox().GetStatus();
        Assert.Equal((OutboxWorld.Url, 0, 1L, 0L, "HTTP 503"), (status.Url, status.Pending, status.Delivered, status.DeadLettered, status.LastError));

        var last = sent[2];
        Assert.Equal(OutboundEventTypes.OperatorMessage, last.Type);
        var timestamp = long.Parse(last.Headers[WebhookSignature.TimestampHeader]);
        Assert.Equal(world.Time.GetUtcNow().ToUnixTimeSeconds(), timestamp);
        Assert.True(WebhookSignature.Verify(OutboxWorld.Secret, timestamp, last.Body, last.Headers[WebhookSignature.SignatureHeader]));
        Assert.False(WebhookSignature.Verify("another-secret-0123456789", timestamp, last.Body, last.Headers[WebhookSignature.SignatureHeader]));
        Assert.Equal(("a:message:1", "hello there", "a"), (last.Json.GetProperty("deliveryId").GetString(), last.Json.GetProperty("text").GetString(),
            last.Json.GetProperty("conversationId").GetString()));
        Assert.False(last.Json.TryGetProperty("closedBy", out _)); // what its type does not use is left out
    }

    [Fact]
    public async Task A_receivers_retry_after_is_honoured()
    {
        var world = await OutboxWorld.StartAsync(_database.DatabasePath);
        await using var silo = world.Silo;
        await world.Outbox().ConfigureWebhook(new ChannelWebhook(OutboxWorld.Url, OutboxWorld.Secret));
        world.Sender.AnswerNext(new WebhookResponse(429, TimeSpan.FromSeconds(90)));
        await world.Outbox().Enqueue(OutboxWorld.Event("a", 1));

        await world.Step(TimeSpan.Zero);
        await world.Step(TimeSpan.FromSeconds(90));

        var sent = world.Sender.Sent;
        Assert.True(sent[1].At - sent[0].At >= TimeSpan.FromSeconds(90));
        Assert.Equal(1, (await world.Outbox().GetStatus()).Delivered);
    }

    [Fact]
    public async Task A_later_event_of_a_conversation_waits_for_the_earlier_one_while_other_conversations_go_on()
    {
        var world = await OutboxWorld.StartAsync(_database.DatabasePath);
        await using var silo = world.Silo;
        await world.Outbox().ConfigureWebhook(new ChannelWebhook(OutboxWorld.Url, OutboxWorld.Secret));
        var failuresLeft = 2;
        world.Sender.Answer = s => new WebhookResponse(s.DeliveryId == "a:message:1" && Interlocked.Decrement(ref failuresLeft) >= 0 ? 500 : 200);
        await world.Outbox().Enqueue(OutboxWorld.Event("a", 1));
        await world.Outbox().Enqueue(OutboxWorld.Event("a", 2));
        await world.Outbox().Enqueue(OutboxWorld.Event("b", 1));

        await world.Step(TimeSpan.Zero);
        Assert.Equal(["a:message:1", "b:message:1"], world.Sender.Sent.Select(s => s.DeliveryId).Order());
        await world.Step(TimeSpan.FromSeconds(1));
        await world.Step(TimeSpan.FromSeconds(2)); // a:1 goes through now
        await world.Step(TimeSpan.Zero); // a:2 in the next turn: it was not due while a:1 waited

        Assert.Equal(["a:message:1", "b:message:1", "a:message:1", "a:message:1", "a:message:2"], world.Sender.Sent.Select(s => s.DeliveryId));
        var status = await world.Outbox().GetStatus();
        Assert.Equal((0, 3L), (status.Pending, status.Delivered));
    }

    [Fact]
    public async Task A_permanent_refusal_dead_letters_at_once_and_alerts_the_workspace()
    {
        var world = await OutboxWorld.StartAsync(_database.DatabasePath);
        await using var silo = world.Silo;
        using var workspace = silo.Events().Subscribe("workspace:" + world.Routing.WorkspaceId);
        await world.Outbox().ConfigureWebhook(new ChannelWebhook(OutboxWorld.Url, OutboxWorld.Secret));
        world.Sender.AnswerNext(410);
        await world.Outbox().Enqueue(OutboxWorld.Event("a", 1));
        await world.Outbox().Enqueue(OutboxWorld.Event("a", 2));

        await world.Step(TimeSpan.Zero);
        await world.Step(TimeSpan.Zero); // the next event of the conversation goes on

        var status = await world.Outbox().GetStatus();
        Assert.Equal((0, 1L, 1L), (status.Pending, status.Delivered, status.DeadLettered));
        var letter = Assert.Single(status.DeadLetters);
        Assert.Equal(("a:message:1", 1), (letter.DeliveryId, letter.Attempts));
        Assert.Contains("410", letter.Reason);
        var alert = Published.First<SupervisorAlert>(workspace);
        Assert.Equal(("webhook-failed", "a"), (alert.Kind, alert.ConversationId));
    }

    [Fact]
    public async Task An_event_not_delivered_within_the_give_up_age_is_dead_lettered()
    {
        var options = new WebhookDeliveryOptions { GiveUpAfter = TimeSpan.FromSeconds(20), MaxRetryDelay = TimeSpan.FromSeconds(4) };
        var world = await OutboxWorld.StartAsync(_database.DatabasePath, options);
        await using var silo = world.Silo;
        using var workspace = silo.Events().Subscribe("workspace:" + world.Routing.WorkspaceId);
        await world.Outbox().ConfigureWebhook(new ChannelWebhook(OutboxWorld.Url, OutboxWorld.Secret));
        world.Sender.Answer = _ => new WebhookResponse(502);
        var accepted = world.Time.GetUtcNow();
        await world.Outbox().Enqueue(OutboxWorld.Event("a", 1));

        await world.Step(TimeSpan.Zero);
        for (var i = 0; i < 20 && (await world.Outbox().GetStatus()).DeadLettered == 0; i++) await world.Step(TimeSpan.FromSeconds(4));

        var status = await world.Outbox().GetStatus();
        Assert.Equal((0, 0L, 1L), (status.Pending, status.Delivered, status.DeadLettered));
        Assert.True(world.Sender.Sent[^1].At >= accepted + options.GiveUpAfter, "the last attempt is at the give-up age");
        Assert.True(world.Sender.Count >= 5, "retried until then");
        Assert.Equal("webhook-failed", Published.First<SupervisorAlert>(workspace).Kind);
    }

    [Fact]
    public async Task A_restart_during_retries_resumes_delivery_from_the_durable_deadline()
    {
        var first = await OutboxWorld.StartAsync(_database.DatabasePath);
        await first.Outbox().ConfigureWebhook(new ChannelWebhook(OutboxWorld.Url, OutboxWorld.Secret));
        first.Sender.Answer = _ => new WebhookResponse(503);
        await first.Outbox().Enqueue(OutboxWorld.Event("a", 1));
        await first.Step(TimeSpan.Zero);
        await first.Silo.CrashAsync();

        var second = await OutboxWorld.StartAsync(_database.DatabasePath, time: first.Time);
        await using var silo = second.Silo;
        await second.Step(TimeSpan.FromSeconds(1)); // nobody calls the outbox: its deadline activates it

        Assert.Equal("a:message:1", Assert.Single(second.Sender.Sent).DeliveryId);
        var status = await second.Outbox().GetStatus();
        Assert.Equal((0, 1L, "HTTP 503"), (status.Pending, status.Delivered, status.LastError));
    }

    [Fact]
    public async Task Without_a_webhook_nothing_is_stored_and_bad_configuration_changes_nothing()
    {
        var world = await OutboxWorld.StartAsync(_database.DatabasePath);
        await using var silo = world.Silo;
        Assert.False(await world.Outbox().Enqueue(OutboxWorld.Event("a", 1)));
        await Assert.ThrowsAsync<ArgumentException>(() => world.Outbox().ConfigureWebhook(new ChannelWebhook("ftp://channel.example/x", OutboxWorld.Secret)));
        await Assert.ThrowsAsync<ArgumentException>(() => world.Outbox().ConfigureWebhook(new ChannelWebhook("/relative", OutboxWorld.Secret)));
        await Assert.ThrowsAsync<ArgumentException>(() => world.Outbox().ConfigureWebhook(new ChannelWebhook(OutboxWorld.Url, "short")));

        var storage = silo.Services.GetRequiredService<IDurableStore>();
        var key = RoutingKeys.ChannelOutbox(world.Routing.WorkspaceId, Channel.Chat);
        Assert.Equal(0, await storage.GetLastSequenceAsync(new GrainLogKey("channel-outbox", key, "changes")));
        Assert.Null(await storage.ReadStateAsync(new GrainStateKey("channel-outbox", key, "channel-outbox")));
        var status = await world.Outbox().GetStatus();
        Assert.Equal((null, 0, 0L), (status.Url, status.Pending, status.Delivered));
        Assert.False(await world.Outbox().RemoveWebhook());
    }

    [Fact]
    public async Task Removing_the_webhook_dead_letters_what_waits_and_a_repeated_delivery_id_is_sent_once()
    {
        var world = await OutboxWorld.StartAsync(_database.DatabasePath);
        await using var silo = world.Silo;
        await world.Outbox().ConfigureWebhook(new ChannelWebhook(OutboxWorld.Url, OutboxWorld.Secret));
        await world.Outbox().Enqueue(OutboxWorld.Event("a", 1));
        Assert.True(await world.Outbox().Enqueue(OutboxWorld.Event("a", 1)));
        await world.Step(TimeSpan.Zero);
        Assert.True(await world.Outbox().Enqueue(OutboxWorld.Event("a", 1))); // delivered already: not again
        Assert.Equal((0, 1L), ((await world.Outbox().GetStatus()).Pending, (await world.Outbox().GetStatus()).Delivered));
        Assert.Equal(1, world.Sender.Count);

        world.Sender.Answer = _ => new WebhookResponse(500);
        await world.Outbox().Enqueue(OutboxWorld.Event("a", 2));
        await world.Step(TimeSpan.Zero);
        Assert.True(await world.Outbox().RemoveWebhook());
        var status = await world.Outbox().GetStatus();
        Assert.Equal((null, 0, 1L), (status.Url, status.Pending, status.DeadLettered));
        Assert.Equal("a:message:2", Assert.Single(status.DeadLetters).DeliveryId);
    }
}
