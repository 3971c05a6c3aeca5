using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;

namespace Routing.ClientApi;

/// <summary>
/// Checks request bodies before any grain is called: shapes (nulls, sizes, ids, enums) here, rules through the models'
/// own <c>Problem()</c> (time zones, tiers, rescue ...). Each returns why the request is invalid, or null.
/// </summary>
public static class RequestValidation
{
    public const int MaxNameLength = 200;
    public const int MaxListLength = 100;
    public const int MaxTextLength = ConversationMessage.MaxTextLength;
    public const int MaxAttachments = ConversationMessage.MaxAttachments;

    public static string? Department(DepartmentConfig? config)
    {
        if (config is null) return "the body must be a department";
        if (config.Name is null || config.Name.Length > MaxNameLength) return $"name must be a string of at most {MaxNameLength} characters";
        if (config.Routing is null) return "routing must not be null";
        if (config.Routing.TierSteps is null || config.Routing.TierSteps.Count > MaxListLength || config.Routing.TierSteps.Any(s => s is null))
            return $"routing.tierSteps must be a list of at most {MaxListLength} steps";
        if (!Enum.IsDefined(config.Routing.Strategy)) return "unknown routing strategy";
        if (config.TimeZoneId is null) return "timeZoneId must not be null";
        if (config.AcceptTimeout < TimeSpan.Zero || config.AcceptTimeout > TimeSpan.FromHours(1)) return "acceptTimeout must be between 0 and 1 h";
        if (config.AverageHandleTime is { } handle && (handle <= TimeSpan.Zero || handle > TimeSpan.FromDays(1))) return "averageHandleTime must be more than 0 and at most 1 day";
        if (config.Rescue is { FallbackDepartmentId: { } fallback } && !Ids.IsId(fallback)) return "rescue.fallbackDepartmentId is not a valid id";
        if (config.Hours is { } hours && (hours.TimeZoneId is null || hours.Intervals is null || hours.Intervals.Count > MaxListLength || hours.Intervals.Any(i => i is null || !Enum.IsDefined(i.Day))))
            return $"hours must have a timeZoneId and at most {MaxListLength} intervals with valid days";
        return config.Problem();
    }

    public static string? Operator(OperatorProfile? profile)
    {
        if (profile is null) return "the body must be an operator profile";
        if (profile.Capacity > 1000) return "capacity must be at most 1000";
        if (profile.Costs is null) return "costs must not be null";
        if (profile.Skills is null || profile.Skills.Count > MaxListLength) return $"skills must be an object of at most {MaxListLength} skills";
        if (profile.Skills.Keys.Any(k => k.Length > MaxNameLength)) return $"skill names are at most {MaxNameLength} characters";
        if (profile.Departments is null || profile.Departments.Count > MaxListLength || profile.Departments.Any(d => d is null || !Ids.IsId(d.DepartmentId)))
            return $"departments must be a list of at most {MaxListLength} memberships with valid department ids";
        return profile.Problem();
    }

    public static string? Schedule(WorkSchedule? schedule)
    {
        if (schedule is null) return "the body must be a work schedule";
        if (schedule.TimeZoneId is null) return "timeZoneId must not be null";
        return schedule.Problem();
    }

    public static string? Entry(EntryRouting? routing)
    {
        if (routing is null) return "the body must be entry routing";
        if (!Ids.IsId(routing.DefaultDepartmentId)) return "defaultDepartmentId is not a valid id";
        if (routing.Rules is null || routing.Rules.Count > MaxListLength) return $"rules must be a list of at most {MaxListLength} rules";
        for (var i = 0; i < routing.Rules.Count; i++)
        {
            var rule = routing.Rules[i];
            if (rule is null || !Ids.IsId(rule.DepartmentId)) return $"rule {i}: departmentId is not a valid id";
            if (rule.Channels is null || rule.Topics is null || rule.Languages is null || rule.Attributes is null || rule.Hours is null)
                return $"rule {i}: channels, topics, languages, attributes and hours must be lists (or an object) when given";
            if (rule.Channels.Any(c => !Enum.IsDefined(c)) || rule.Hours.Any(h => h is null || !Enum.IsDefined(h.Day))) return $"rule {i}: unknown channel or day";
            if (rule.Topics.Count + rule.Languages.Count + rule.Attributes.Count + rule.Hours.Count > MaxListLength) return $"rule {i}: too many conditions";
            if (rule.Topics.Concat(rule.Languages).Concat(rule.Attributes.Keys).Concat(rule.Attributes.Values).Any(t => t is null || t.Length > MaxNameLength))
                return $"rule {i}: topics, languages and attributes are strings of at most {MaxNameLength} characters";
            if (rule.Problem() is { } terms) return $"rule {i}: {terms}";
        }
        return null;
    }

    public static string? Message(IntakeRequest? message)
    {
        if (message is null) return "the body must be a message";
        if (message.Channel is not { } channel || !Enum.IsDefined(channel)) return "channel is required (chat, messenger, social, email, voice)";
        if (!Ids.IsExternalId(message.ExternalCustomerId)) return "externalCustomerId must be 1-256 printable characters without '/'";
        var attachments = message.Attachments ?? [];
        if (string.IsNullOrWhiteSpace(message.Text) && attachments.Count == 0) return "a message needs text or an attachment (an empty text is none)";
        if (message.Text is { Length: > MaxTextLength }) return $"text is at most {MaxTextLength} characters";
        if (attachments.Count > MaxAttachments) return $"at most {MaxAttachments} attachments";
        foreach (var attachment in attachments)
        {
            if (attachment is null || string.IsNullOrWhiteSpace(attachment.FileName) || attachment.FileName.Length > MaxNameLength)
                return $"every attachment needs a fileName of at most {MaxNameLength} characters";
            if (string.IsNullOrWhiteSpace(attachment.ContentType) || attachment.ContentType.Length > 100 || !attachment.ContentType.Contains('/'))
                return "every attachment needs a contentType such as image/png";
            if (attachment.SizeBytes is < 0 or > ConversationMessage.MaxAttachmentSizeBytes)
                return $"attachment sizeBytes must be between 0 and {ConversationMessage.MaxAttachmentSizeBytes}";
            if (attachment.Url is { } url && (url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out _))) return "attachment url must be an absolute URL";
        }
        if (message.Topic is { Length: > MaxNameLength } || message.Language is { Length: > 35 }) return "topic is at most 200 and language at most 35 characters";
        if (message.Priority is { } priority && !Enum.IsDefined(priority)) return "unknown priority";
        return null;
    }
}
