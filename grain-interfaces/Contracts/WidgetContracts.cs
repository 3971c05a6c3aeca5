using Orleans;
using Routing.GrainInterfaces.Events;

namespace Routing.GrainInterfaces;

/// <summary>
/// An operator (or a supervisor who joined) sends the visitor to a page (Webim's "send to page"): recorded in the
/// conversation's timeline (<see cref="ConversationChangeKinds.Navigated"/>), then published on "conversation:{key}" for
/// the customer's widgets and handed to the channel's webhook. The widget offers it as a link; it never navigates itself.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.VisitorNavigation")]
public sealed record VisitorNavigation(string ConversationId, string Url, MessageAuthor Author, string OperatorId, DateTimeOffset At, long TimelineSequence)
    : IGrainEventPayload
{
    public const int MaxUrlLength = 2048;

    /// <summary>Why a URL may not be sent to a visitor (only absolute http and https, no credentials), or null when it may.</summary>
    public static string? UrlProblem(string? url) =>
        string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength || url.Any(char.IsControl)
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || string.IsNullOrEmpty(uri.Host) || !string.IsNullOrEmpty(uri.UserInfo)
            ? $"url must be an absolute http or https URL without credentials, at most {MaxUrlLength} characters"
            : null;
}

/// <summary>
/// What the visitor is typing, before it is sent (Webim's draft preview): published on "conversation:{key}" by the
/// client API for the operator holding the dialog and supervisors watching it, only when the workspace opted in. Never
/// stored.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.DraftPreview")]
public sealed record DraftPreview(string ConversationId, string Text, DateTimeOffset At) : IGrainEventPayload
{
    public const int MaxLength = 1_000;
}

/// <summary>Published on "draft-preview:{ws}" when an admin turns the workspace's draft preview on or off.</summary>
[GenerateSerializer, Immutable, Alias("routing.DraftPreviewChanged")]
public sealed record DraftPreviewChanged(bool Enabled) : IGrainEventPayload;
