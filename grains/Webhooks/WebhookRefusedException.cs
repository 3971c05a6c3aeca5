namespace Routing.Grains.Webhooks;

/// <summary>
/// The sender will not send to this webhook at all (its host resolves only to private or local addresses): the event
/// is dead-lettered at once, as for a receiver's permanent refusal, instead of being retried for a day.
/// </summary>
public sealed class WebhookRefusedException(string message) : Exception(message);
