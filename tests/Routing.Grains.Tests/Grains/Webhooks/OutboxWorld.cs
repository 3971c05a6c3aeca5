using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Routing.GrainInterfaces;
using Routing.Grains.Hosting;
using Routing.Grains.State;
using Routing.Grains.Webhooks;

namespace Routing.Grains.Tests.Grains.Webhooks;

/// <summary>
/// A silo (fake time, SQLite that outlives it) whose outboxes send through a <see cref="ScriptedWebhookSender"/>, and
/// steps that move time only while the outbox is idle, so the runtime's call timeouts (fake time too) never fire.
/// </summary>
internal sealed class OutboxWorld
{
    public const string Secret = "0123456789abcdef-secret";
    public const string Url = "https://channel.example/hooks/routing";

    private OutboxWorld(TestSilo silo, ScriptedWebhookSender sender)
    {
        Silo = silo;
        Sender = sender;
        Routing = new RoutingWorld(silo.Factory);
    }

    public TestSilo Silo { get; }
    public ScriptedWebhookSender Sender { get; }
    public RoutingWorld Routing { get; }
    public FakeTimeProvider Time => Silo.Time;

    public IChannelOutboxGrain Outbox(Channel channel = Channel.Chat) =>
        Silo.Factory.GetGrain<IChannelOutboxGrain>(RoutingKeys.ChannelOutbox(Routing.WorkspaceId, channel));

    public static async Task<OutboxWorld> StartAsync(string databasePath, WebhookDeliveryOptions? options = null, FakeTimeProvider? time = null)
    {
        time ??= new FakeTimeProvider(TestClock.MondayMorning);
        var sender = new ScriptedWebhookSender(time);
        var silo = await TestSilo.StartAsync(silo => silo.AddRoutingGrains(),
            s =>
            {
                s.AddSqliteGrainStorage(o => o.DatabasePath = databasePath);
                s.AddSingleton<IWebhookSender>(sender);
                s.AddSingleton(options ?? new WebhookDeliveryOptions());
            }, time: time);
        return new OutboxWorld(silo, sender);
    }

    /// <summary>Moves time by <paramref name="by"/> and waits for the delivery turns that fell due to finish.</summary>
    public async Task Step(TimeSpan by, Channel channel = Channel.Chat)
    {
        await Silo.AdvanceAsync(by);
        await Outbox(channel).GetStatus(); // admitted only after the delivery turn (it writes): its outcome is journaled
    }

    public static OutboundEvent Event(string conversationId, long sequence, string text = "hi") =>
        new($"{conversationId}:message:{sequence}", OutboundEventTypes.OperatorMessage, conversationId, "c-1", DateTimeOffset.UnixEpoch)
        {
            Sequence = sequence, OperatorId = "ann", Text = text,
        };
}
