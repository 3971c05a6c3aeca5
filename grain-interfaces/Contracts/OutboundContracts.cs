using Orleans;

namespace Routing.GrainInterfaces;

/// <summary>
/// Where a channel wants its outbound events POSTed, and the secret their signature is made with. The secret is never
/// read back (see <see cref="WebhookStatus"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.ChannelWebhook")]
public sealed record ChannelWebhook(string Url, string Secret)
{
    public const int MaxUrlLength = 2048;
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 256;

    public string? Problem() =>
        string.IsNullOrEmpty(Url) || Url.Length > MaxUrlLength || !Uri.TryCreate(Url, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.UserInfo)
            ? $"url must be an absolute http or https URL without credentials, at most {MaxUrlLength} characters"
        : Secret is null || Secret.Length is < MinSecretLength or > MaxSecretLength
            ? $"secret must be {MinSecretLength}-{MaxSecretLength} characters"
        : null;
}

/// <summary>The kinds of <see cref="OutboundEvent"/> (its <see cref="OutboundEvent.Type"/>, and the X-Routing-Event header).</summary>
public static class OutboundEventTypes
{
    public const string OperatorMessage = "operator.message";
    public const string ConversationClosed = "conversation.closed";
    public const string RatingRequested = "conversation.rating-requested";
    public const string Navigate = "conversation.navigate";
    public const string ChannelMoved = "conversation.channel-moved";
}

/// <summary>
/// What the customer's channel must show the customer, POSTed as JSON to its webhook. Delivery is at least once:
/// <see cref="DeliveryId"/> is stable across retries and redeliveries, so the receiver drops one it has seen. The
/// customer is named by <see cref="CustomerId"/> and, on the channel, by <see cref="ExternalCustomerId"/>: the identity
/// the conversation came from, where the connector sends the reply.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.OutboundEvent")]
public sealed record OutboundEvent(string DeliveryId, string Type, string ConversationId, string CustomerId, DateTimeOffset At)
{
    public const int MaxIdLength = 512;

    /// <summary>The customer's id on this channel (chat id, e-mail, phone); null for conversations opened before it was kept.</summary>
    [Id(0)] public string? ExternalCustomerId { get; init; }

    /// <summary>The message's sequence in the conversation (operator messages).</summary>
    [Id(1)] public long? Sequence { get; init; }

    [Id(2)] public string? OperatorId { get; init; }

    /// <summary>Who wrote an operator.message: the operator, or a supervisor who joined (then <see cref="OperatorId"/> names their key).</summary>
    [Id(3)] public string? Author { get; init; }

    [Id(4)] public string? Text { get; init; }

    /// <summary>Who closed it (conversation.closed): operator, customer, supervisor, inactivity ...</summary>
    [Id(5)] public string? ClosedBy { get; init; }

    /// <summary>The rating scale (1 to it) the customer is asked to rate on (conversation.rating-requested).</summary>
    [Id(6)] public int? RatingScale { get; init; }

    /// <summary>The page the operator sends the visitor to (conversation.navigate): an absolute http or https URL.</summary>
    [Id(7)] public string? Url { get; init; }

    /// <summary>The channels of a conversation.channel-moved: the one it left and the one it runs in now.</summary>
    [Id(8)] public string? FromChannel { get; init; }
    [Id(9)] public string? ToChannel { get; init; }

    public string? Problem() =>
        string.IsNullOrEmpty(DeliveryId) || DeliveryId.Length > MaxIdLength ? $"deliveryId must be 1-{MaxIdLength} characters"
        : string.IsNullOrEmpty(Type) ? "type must be set"
        : string.IsNullOrEmpty(ConversationId) ? "conversationId must be set"
        : null;

    public static OutboundEvent OperatorMessage(ConversationMessage message, ConversationView conversation) =>
        new($"{message.ConversationId}:message:{message.Sequence}", OutboundEventTypes.OperatorMessage, message.ConversationId, conversation.CustomerId, message.At)
        {
            Sequence = message.Sequence, OperatorId = message.OperatorId, Author = message.Author.ToString().ToLowerInvariant(), Text = message.Text,
            ExternalCustomerId = conversation.ExternalId,
        };

    /// <summary>The rating prompt of an open dialog at its N-th message (the same delivery id as a close's: one per conversation).</summary>
    public static OutboundEvent RatingRequestedInDialog(ConversationView view, DateTimeOffset at) =>
        new($"{view.ConversationId}:rating-requested", OutboundEventTypes.RatingRequested, view.ConversationId, view.CustomerId, at)
        {
            RatingScale = view.RatingScale, OperatorId = view.RatingOperatorId, ExternalCustomerId = view.ExternalId,
        };

    /// <summary>An operator (or a supervisor who joined) sends the visitor to a page; one per timeline row.</summary>
    public static OutboundEvent ForNavigation(VisitorNavigation navigation, ConversationView view) =>
        new($"{navigation.ConversationId}:navigate:{navigation.TimelineSequence}", OutboundEventTypes.Navigate, navigation.ConversationId, view.CustomerId, navigation.At)
        {
            Url = navigation.Url, OperatorId = navigation.OperatorId, Author = navigation.Author.ToString().ToLowerInvariant(), ExternalCustomerId = view.ExternalId,
        };

    /// <summary>
    /// A channel move, told to both channels (issue 15): the old one names the customer as it knew them (it may tell them
    /// where the dialog went), the new one as it will reach them from now on (it starts the thread there, with <see cref="Text"/>).
    /// </summary>
    public static OutboundEvent ForChannelMove(ConversationView before, ConversationView after, string text, long timelineSequence, DateTimeOffset at, bool toNewChannel) =>
        new($"{after.ConversationId}:channel-moved:{timelineSequence}:{(toNewChannel ? "to" : "from")}", OutboundEventTypes.ChannelMoved, after.ConversationId, after.CustomerId, at)
        {
            FromChannel = before.Channel.ToString(), ToChannel = after.Channel.ToString(), OperatorId = after.OperatorId, Text = text,
            ExternalCustomerId = toNewChannel ? after.ExternalId : before.ExternalId,
        };

    /// <summary>What a closed conversation tells its channel, in order: closed, then the rating prompt if it asks for one.</summary>
    public static IReadOnlyList<OutboundEvent> ForClose(ConversationView closed, string by, DateTimeOffset at)
    {
        var id = closed.ConversationId;
        var events = new List<OutboundEvent> { new($"{id}:closed", OutboundEventTypes.ConversationClosed, id, closed.CustomerId, at) { ClosedBy = by, ExternalCustomerId = closed.ExternalId } };
        if (closed.RatingScale is { } scale && !closed.RatingAskedInDialog) // asked while open: that prompt went out then
            events.Add(new($"{id}:rating-requested", OutboundEventTypes.RatingRequested, id, closed.CustomerId, at) { RatingScale = scale, ExternalCustomerId = closed.ExternalId });
        return events;
    }
}

/// <summary>An event given up on: a permanent refusal (4xx), the give-up age passed, or the webhook removed.</summary>
[GenerateSerializer, Immutable, Alias("routing.DeadLetter")]
public sealed record DeadLetter(string DeliveryId, string Type, string ConversationId, DateTimeOffset EnqueuedAt, DateTimeOffset At, int Attempts, string Reason);

/// <summary>A channel's webhook and its deliveries (never the secret).</summary>
[GenerateSerializer, Immutable, Alias("routing.WebhookStatus")]
public sealed record WebhookStatus(string? Url, int Pending, DateTimeOffset? OldestPendingSince, long Delivered, long DeadLettered)
{
    [Id(0)] public string? LastError { get; init; }
    [Id(1)] public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>The most recent dead letters, newest last (at most <see cref="MaxDeadLetters"/>).</summary>
    [Id(2)] public IReadOnlyList<DeadLetter> DeadLetters { get; init; } = [];

    public const int MaxDeadLetters = 100;
}
