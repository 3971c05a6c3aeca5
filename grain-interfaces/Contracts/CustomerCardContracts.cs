using System.Text.RegularExpressions;
using Orleans;
using Routing.GrainInterfaces.Events;

namespace Routing.GrainInterfaces;

/// <summary>
/// What channels and the center's CRM know of a customer (issue 15): a name, the CRM's id and a bounded map of
/// attributes (plan, pages visited, where they came from). Operators and supervisors see it with the dialog; entry rules
/// (R7) match on its attributes.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.CustomerCard")]
public sealed partial record CustomerCard
{
    public const int MaxAttributes = 50;
    public const int MaxKeyLength = 64;
    public const int MaxValueLength = 1000;
    public const int MaxNameLength = 200;
    public const int MaxCrmIdLength = 200;

    public static readonly CustomerCard Empty = new();

    [Id(0)] public string? Name { get; init; }
    [Id(1)] public string? CrmId { get; init; }
    [Id(2)] public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>When a channel or the CRM last changed it (null: never).</summary>
    [Id(3)] public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The card after <paramref name="update"/>, or why the update is refused (then nothing changes).</summary>
    public (CustomerCard? Card, string? Problem) Apply(CustomerCardUpdate update, DateTimeOffset now)
    {
        if (UpdateProblem(update) is { } problem) return (null, problem);
        var attributes = new Dictionary<string, string>(Attributes, StringComparer.Ordinal);
        foreach (var key in update.RemoveAttributes) attributes.Remove(key);
        foreach (var (key, value) in update.Attributes) attributes[key] = value;
        if (attributes.Count > MaxAttributes)
            return (null, $"a customer card holds at most {MaxAttributes} attributes; this update would leave {attributes.Count}");
        return (this with
        {
            Name = update.Name is null ? Name : update.Name.Length == 0 ? null : update.Name,
            CrmId = update.CrmId is null ? CrmId : update.CrmId.Length == 0 ? null : update.CrmId,
            Attributes = attributes,
            UpdatedAt = now,
        }, null);
    }

    /// <summary>Why an update is refused on its own (bad keys, sizes), before it meets the stored card; null when it is fine.</summary>
    public static string? UpdateProblem(CustomerCardUpdate? update)
    {
        if (update is null) return "the body must be {\"name\"?, \"crmId\"?, \"attributes\"?: {key: value}, \"removeAttributes\"?: [key]}";
        if (update.Name is { Length: > MaxNameLength }) return $"name is at most {MaxNameLength} characters";
        if (update.CrmId is { Length: > MaxCrmIdLength }) return $"crmId is at most {MaxCrmIdLength} characters";
        if (update.Attributes is null || update.RemoveAttributes is null) return "attributes and removeAttributes may be left out but not null";
        if (update.Attributes.Count > MaxAttributes) return $"a customer card holds at most {MaxAttributes} attributes";
        if (update.RemoveAttributes.Count > MaxAttributes) return $"removeAttributes names at most {MaxAttributes} keys";
        foreach (var key in update.Attributes.Keys.Concat(update.RemoveAttributes))
            if (key is null || !KeyPattern().IsMatch(key))
                return $"attribute key '{key}' must be 1-{MaxKeyLength} letters, digits, '_', '-' or '.', starting with a letter or digit";
        foreach (var (key, value) in update.Attributes)
        {
            if (value is null) return $"attribute '{key}' has no value (name it in removeAttributes to remove it)";
            if (value.Length > MaxValueLength) return $"attribute '{key}' is over {MaxValueLength} characters";
        }
        if (update.Attributes.Keys.FirstOrDefault(update.RemoveAttributes.Contains) is { } both)
            return $"attribute '{both}' is both set and removed";
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex KeyPattern();
}

/// <summary>
/// A change of a customer card: a name or CRM id left out (null) stays, an empty one clears; attributes are set one by
/// one (the others stay) and those in <see cref="RemoveAttributes"/> removed.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.CustomerCardUpdate")]
public sealed record CustomerCardUpdate
{
    [Id(0)] public string? Name { get; init; }
    [Id(1)] public string? CrmId { get; init; }
    [Id(2)] public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
    [Id(3)] public IReadOnlyList<string> RemoveAttributes { get; init; } = [];
}

/// <summary>
/// An operator's status of a customer with a reminder ("contact later at 15:00"): when <see cref="RemindAt"/> comes the
/// operator who set it gets it (<see cref="CustomerReminderDue"/>); it stays, <see cref="Due"/>, until they dismiss or replace it.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.CustomerReminder")]
public sealed record CustomerReminder(string CustomerId, string OperatorId, string Status, DateTimeOffset RemindAt)
{
    public const int MaxStatusLength = 100;
    public const int MaxNoteLength = 1000;

    [Id(0)] public string? Note { get; init; }

    /// <summary>The dialog the operator held when they set it.</summary>
    [Id(1)] public string? ConversationId { get; init; }
    [Id(2)] public DateTimeOffset SetAt { get; init; }
    [Id(3)] public bool Due { get; init; }

    /// <summary>Why a reminder is refused, or null: a short status, a bounded note, a time in the future.</summary>
    public static string? Problem(string? status, string? note, DateTimeOffset? remindAt, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(status)) return "status is required (e.g. \"call back\")";
        if (status.Length > MaxStatusLength) return $"status is at most {MaxStatusLength} characters";
        if (note is { Length: > MaxNoteLength }) return $"note is at most {MaxNoteLength} characters";
        if (remindAt is not { } at) return "remindAt is required (ISO 8601 UTC, e.g. 2026-01-05T15:00:00Z)";
        if (at.Offset != TimeSpan.Zero) return "remindAt must be in UTC (ending in Z)";
        if (at <= now) return $"remindAt must be in the future (now is {now:O})";
        if (at > now.AddYears(1)) return "remindAt is at most a year ahead";
        return null;
    }
}

/// <summary>Published on "operator:{key}" when a reminder the operator set falls due.</summary>
[GenerateSerializer, Immutable, Alias("routing.CustomerReminderDue")]
public sealed record CustomerReminderDue(CustomerReminder Reminder) : IGrainEventPayload;

/// <summary>Published on the open conversation's topic when its customer's card or status changes.</summary>
[GenerateSerializer, Immutable, Alias("routing.CustomerCardChanged")]
public sealed record CustomerCardChanged(string CustomerId, string ConversationId, CustomerCard Card, CustomerReminder? Reminder) : IGrainEventPayload;
