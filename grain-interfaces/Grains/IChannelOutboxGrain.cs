using Orleans.Concurrency;

namespace Routing.GrainInterfaces;

/// <summary>
/// One channel's outbound events of a workspace and their delivery to the channel's webhook, at least once, in order
/// per conversation. Key: RoutingKeys.ChannelOutbox(ws, channel). Called by conversations and clients; calls nobody.
/// </summary>
public interface IChannelOutboxGrain : IGrainWithStringKey
{
    /// <summary>Sets (or replaces) the webhook; bad input (see <see cref="ChannelWebhook.Problem"/>) throws <see cref="ArgumentException"/> and changes nothing.</summary>
    Task ConfigureWebhook(ChannelWebhook webhook);

    /// <summary>Removes the webhook; the events still waiting are dead-lettered. False when there was none.</summary>
    Task<bool> RemoveWebhook();

    /// <summary>
    /// Accepts an event for delivery (durable before it returns); an event whose delivery id is waiting or was just
    /// delivered is accepted again without a second copy. False, and nothing stored, when no webhook is configured.
    /// </summary>
    Task<bool> Enqueue(OutboundEvent outbound);

    [ReadOnly] Task<WebhookStatus> GetStatus();
}
