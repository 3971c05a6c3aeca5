using System.Net.Mail;
using Orleans;
using Routing.GrainInterfaces.Events;
using Routing.GrainInterfaces.Model;

namespace Routing.GrainInterfaces;

/// <summary>
/// Moving a dialog to another of the customer's channels (issue 15): the conversation, its history and its operator stay;
/// its channel (capacity cost, statistics) and the identity replies go to change. <see cref="ExternalId"/> names the
/// customer on the new channel (an e-mail address, a messenger chat id ...); null takes the customer's known identity
/// there. <see cref="HeldBy"/> is the operator whose own request it is (refused unless the dialog is assigned to them);
/// null for a supervisor, who may move any assigned dialog.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.ChannelMoveRequest")]
public sealed record ChannelMoveRequest(Channel Channel, string? ExternalId, string? HeldBy)
{
    /// <summary>Why <paramref name="externalId"/> cannot name a customer on <paramref name="channel"/>, or null.</summary>
    public static string? IdentityProblem(Channel channel, string? externalId)
    {
        if (externalId is null) return null;
        if (externalId.Length is 0 or > MaxExternalIdLength || externalId.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || externalId.Contains('/'))
            return $"externalCustomerId must be 1-{MaxExternalIdLength} printable characters without spaces or '/'";
        if (channel == Channel.Email && !IsEmailAddress(externalId))
            return "externalCustomerId must be an e-mail address (name@domain) for the email channel";
        return null;
    }

    public const int MaxExternalIdLength = 256;

    private static bool IsEmailAddress(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && address.Host.Contains('.', StringComparison.Ordinal);
}

/// <summary>The codes a channel move is refused with (<see cref="RoutingRefusedException.Code"/>); nothing changed.</summary>
public static class ChannelMoveRefusals
{
    /// <summary>The dialog already runs in that channel.</summary>
    public const string SameChannel = "same-channel";

    /// <summary>No identity given and the customer has none known on that channel.</summary>
    public const string NoChannelIdentity = "no-channel-identity";

    /// <summary>The identity given is another customer's: moving would merge two people's conversations.</summary>
    public const string IdentityInUse = "identity-in-use";

    /// <summary>A move to the phone is a callback request (a voice task routed when due), not a channel move.</summary>
    public const string VoiceNeedsCallback = "voice-needs-callback";

    /// <summary>The operator has no room for the dialog at the new channel's cost (R5).</summary>
    public const string NoCapacity = "no-capacity";
}

/// <summary>What the conversation records of a channel move: the new channel, the customer's identity there, and the move's id.</summary>
[GenerateSerializer, Immutable, Alias("routing.ConversationChannelMove")]
public sealed record ConversationChannelMove(Channel Channel, string ExternalId, string MoveId);

/// <summary>
/// Published on "conversation:{key}" when the dialog moved to another channel (issue 15): the customer's widget and the
/// operator's console show where the conversation continues. The identity is left out: the frame says where, not to whom.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.ConversationChannelMoved")]
public sealed record ConversationChannelMoved(string ConversationId, Channel FromChannel, Channel ToChannel, string? OperatorId, DateTimeOffset At,
    long TimelineSequence) : IGrainEventPayload;
