using System.Text.RegularExpressions;
using Orleans;
using Routing.GrainInterfaces.Events;
using Routing.GrainInterfaces.Model;

namespace Routing.GrainInterfaces;

/// <summary>Where a callback request stands (issue 15). The last four are final.</summary>
[GenerateSerializer, Alias("routing.CallbackStatus")]
public enum CallbackStatus
{
    /// <summary>Waits for its next attempt's time (its preferred window, or the retry delay).</summary>
    Scheduled = 0,
    /// <summary>An attempt is a voice dialog in its department's queue, waiting for an operator.</summary>
    Queued = 1,
    /// <summary>An attempt's voice dialog is offered to or with an operator, who calls the customer.</summary>
    InProgress = 2,
    /// <summary>The customer was reached.</summary>
    Completed = 3,
    /// <summary>Ended without reaching them: attempts exhausted, a wrong number, or they declined.</summary>
    Failed = 4,
    /// <summary>Its window (or the department's expiry) passed before anyone reached them.</summary>
    Expired = 5,
    /// <summary>Withdrawn by the customer or the channel before an operator took it.</summary>
    Cancelled = 6,
}

/// <summary>What came of one call attempt, as the operator who made it records it.</summary>
[GenerateSerializer, Alias("routing.CallbackOutcome")]
public enum CallbackOutcome
{
    /// <summary>They spoke: the callback is done.</summary>
    Reached = 0,
    /// <summary>Nobody answered: tried again after the retry delay while attempts remain.</summary>
    NoAnswer = 1,
    /// <summary>The line was busy: tried again like no answer.</summary>
    Busy = 2,
    /// <summary>A voicemail answered: tried again like no answer.</summary>
    Voicemail = 3,
    /// <summary>They asked to be called later (at <c>retryAt</c>, or after the retry delay).</summary>
    RetryLater = 4,
    /// <summary>The number is not theirs: the callback fails at once.</summary>
    WrongNumber = 5,
    /// <summary>They no longer want a call: the callback fails at once.</summary>
    Declined = 6,
    /// <summary>Recorded by the engine: the attempt's dialog was closed without an outcome; tried again like no answer.</summary>
    ClosedWithoutOutcome = 7,
}

/// <summary>A department's callback rules (issue 15): how often and how far apart a customer is called, and how long a request lives.</summary>
[GenerateSerializer, Immutable, Alias("routing.CallbackSettings")]
public sealed record CallbackSettings
{
    public static CallbackSettings Default { get; } = new();
    public const int MaxMaxAttempts = 10;

    /// <summary>Call attempts before the callback fails (no answer, busy, voicemail, retry later all count).</summary>
    [Id(0)] public int MaxAttempts { get; init; } = 3;

    /// <summary>How long after an unsuccessful attempt the next one is queued.</summary>
    [Id(1)] public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>A request without a window end expires this long after it was made.</summary>
    [Id(2)] public TimeSpan ExpireAfter { get; init; } = TimeSpan.FromHours(24);

    public string? Problem() =>
        MaxAttempts is < 1 or > MaxMaxAttempts ? $"callback max attempts must be between 1 and {MaxMaxAttempts}"
        : RetryDelay < TimeSpan.FromSeconds(1) || RetryDelay > TimeSpan.FromDays(7) ? "callback retry delay must be between 1 s and 7 days"
        : ExpireAfter < TimeSpan.FromMinutes(1) || ExpireAfter > TimeSpan.FromDays(30) ? "callback expiry must be between 1 min and 30 days"
        : null;
}

/// <summary>Who asked for a callback: the customer (widget or channel) or an operator for the customer of their dialog.</summary>
[GenerateSerializer, Alias("routing.CallbackOrigin")]
public enum CallbackOrigin
{
    Channel = 0,
    Widget = 1,
    Operator = 2,
}

/// <summary>
/// A request to call a customer back. <see cref="Fingerprint"/> is what a repeat of the same request (the same idempotency
/// key) must match; another request under the same key is refused.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.CallbackRequest")]
public sealed record CallbackRequest(string CustomerId, string Phone, CallbackOrigin Origin)
{
    /// <summary>Null: the entry rules choose, as for a voice contact with <see cref="Topic"/>.</summary>
    [Id(0)] public string? DepartmentId { get; init; }
    [Id(1)] public string? Topic { get; init; }

    /// <summary>The preferred window (UTC): not called before its start; expired at its end.</summary>
    [Id(2)] public DateTimeOffset? WindowStart { get; init; }
    [Id(3)] public DateTimeOffset? WindowEnd { get; init; }
    [Id(4)] public string? Note { get; init; }

    /// <summary>The identity that asked (the widget's, or the channel's customer), told of every change on its topic.</summary>
    [Id(5)] public Channel? RequesterChannel { get; init; }
    [Id(6)] public string? RequesterExternalId { get; init; }

    /// <summary>The dialog it came from (an operator's chat → phone callback): linked, so its history shows it.</summary>
    [Id(7)] public string? OriginConversationId { get; init; }
    [Id(8)] public string? RequestedBy { get; init; }
    [Id(9)] public string Fingerprint { get; init; } = "";

    public const int MaxNoteLength = 1000;
}

/// <summary>One call attempt: its voice dialog, and what the operator recorded.</summary>
[GenerateSerializer, Immutable, Alias("routing.CallbackAttempt")]
public sealed record CallbackAttempt(int Number, string ConversationId, DateTimeOffset QueuedAt)
{
    [Id(0)] public CallbackOutcome? Outcome { get; init; }
    [Id(1)] public string? OperatorId { get; init; }
    [Id(2)] public string? Note { get; init; }
    [Id(3)] public DateTimeOffset? RecordedAt { get; init; }
}

/// <summary>A callback request and its attempts (issue 15).</summary>
[GenerateSerializer, Immutable, Alias("routing.CallbackView")]
public sealed record CallbackView(string CallbackId, CallbackStatus Status, string CustomerId, string Phone, string DepartmentId)
{
    [Id(0)] public CallbackOrigin Origin { get; init; }
    [Id(1)] public DateTimeOffset? WindowStart { get; init; }
    [Id(2)] public DateTimeOffset? WindowEnd { get; init; }

    /// <summary>When it expires unless reached: the window's end, or the department's expiry after the request.</summary>
    [Id(3)] public DateTimeOffset ExpiresAt { get; init; }
    [Id(4)] public string? Note { get; init; }
    [Id(5)] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>While <see cref="CallbackStatus.Scheduled"/>: when the next attempt is queued.</summary>
    [Id(6)] public DateTimeOffset? NextAttemptAt { get; init; }
    [Id(7)] public int MaxAttempts { get; init; }
    [Id(8)] public IReadOnlyList<CallbackAttempt> Attempts { get; init; } = [];

    /// <summary>Why it ended (final statuses): "reached", "wrong-number", "attempts-exhausted", "window-passed" ...</summary>
    [Id(9)] public string? EndReason { get; init; }
    [Id(10)] public DateTimeOffset? EndedAt { get; init; }
    [Id(11)] public string? OriginConversationId { get; init; }
    [Id(12)] public string? RequestedBy { get; init; }

    /// <summary>The current attempt's voice dialog, while one is queued or with an operator.</summary>
    [Id(13)] public string? ConversationId { get; init; }
    [Id(14)] public string? OperatorId { get; init; }

    public bool IsFinal => Status is CallbackStatus.Completed or CallbackStatus.Failed or CallbackStatus.Expired or CallbackStatus.Cancelled;
}

/// <summary>Published on the requester's "identity:{key}" (their widget), "workspace:{ws}" (supervisors) for every callback change.</summary>
[GenerateSerializer, Immutable, Alias("routing.CallbackChanged")]
public sealed record CallbackChanged(CallbackView Callback, string Kind) : IGrainEventPayload;

/// <summary>What a callback change was (the <c>kind</c> of a callback frame).</summary>
public static class CallbackChangeKinds
{
    public const string Requested = "requested";
    public const string Queued = "queued";
    public const string InProgress = "in-progress";
    public const string Outcome = "outcome";
    public const string Expired = "expired";
    public const string Cancelled = "cancelled";
}

/// <summary>The ids of callbacks and of their attempts' voice dialogs ("{callbackId}-{attempt}").</summary>
public static partial class CallbackIds
{
    public const string Prefix = "cb-";

    /// <summary>A callback id from a hash of the caller's idempotency key (or a random one), never containing '/'.</summary>
    public static string FromHash(string hex) => Prefix + hex[..32].ToLowerInvariant();

    public static bool IsCallbackId([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? id) => id is not null && CallbackIdPattern().IsMatch(id);

    public static string AttemptConversation(string callbackId, int attempt) => $"{callbackId}-{attempt}";

    /// <summary>The callback an attempt's dialog belongs to, or null for any other conversation.</summary>
    public static string? OfConversation(string? conversationId)
    {
        if (conversationId is null) return null;
        var match = AttemptPattern().Match(conversationId);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("^cb-[0-9a-f]{32}$")]
    private static partial Regex CallbackIdPattern();

    [GeneratedRegex("^(cb-[0-9a-f]{32})-[1-9][0-9]?$")]
    private static partial Regex AttemptPattern();
}

/// <summary>What a callback request must be (issue 15): checked by the API (with codes naming the field) and again by the grain.</summary>
public static class CallbackRules
{
    /// <summary>How far ahead a window may end.</summary>
    public static readonly TimeSpan MaxHorizon = TimeSpan.FromDays(30);

    /// <summary>Why a request's phone, window or note is unacceptable at <paramref name="now"/>, or null.</summary>
    public static string? Problem(string? phone, DateTimeOffset? windowStart, DateTimeOffset? windowEnd, string? note, DateTimeOffset now) =>
        PhoneProblem(phone) ?? WindowProblem(windowStart, windowEnd, now)
        ?? (note is { Length: > CallbackRequest.MaxNoteLength } ? $"note is at most {CallbackRequest.MaxNoteLength} characters" : null);

    public static string? PhoneProblem(string? phone) =>
        PhoneNumbers.IsE164(phone) ? null : "phone must be an E.164 number: '+', the country code and the number, 8 to 15 digits, e.g. +4930123456";

    public static string? WindowProblem(DateTimeOffset? start, DateTimeOffset? end, DateTimeOffset now)
    {
        if (start is { } s && end is { } e && e <= s) return "windowEnd must be after windowStart";
        if (end is { } until && until <= now) return "windowEnd is in the past";
        if ((end ?? start) is { } latest && latest > now + MaxHorizon) return $"the window must be within {MaxHorizon.TotalDays:0} days";
        return null;
    }
}

/// <summary>Phone numbers as callbacks take them: E.164, "+" then 8 to 15 digits, the first not 0.</summary>
public static partial class PhoneNumbers
{
    public static bool IsE164(string? phone) => phone is not null && E164().IsMatch(phone);

    [GeneratedRegex("^\\+[1-9][0-9]{7,14}$")]
    private static partial Regex E164();
}
