using Orleans;

namespace Routing.GrainInterfaces;

/// <summary>A quick-reply template (R18, R20): a title and the text an operator inserts, optionally for one department only.</summary>
[GenerateSerializer, Immutable, Alias("routing.QuickReplyTemplate")]
public sealed record QuickReplyTemplate(string Title, string Text)
{
    public const int MaxTitleLength = 200;

    /// <summary>The most templates one workspace keeps.</summary>
    public const int MaxPerWorkspace = 1_000;

    /// <summary>The department it is meant for; null: every department.</summary>
    [Id(0)] public string? DepartmentId { get; init; }

    public string? Problem() =>
        string.IsNullOrWhiteSpace(Title) || Title.Length > MaxTitleLength ? $"title must be 1-{MaxTitleLength} characters"
        : string.IsNullOrWhiteSpace(Text) || Text.Length > ConversationMessage.MaxTextLength ? $"text must be 1-{ConversationMessage.MaxTextLength} characters"
        : DepartmentId is { } department && (department.Length == 0 || department.Contains('/')) ? "departmentId must be non-empty and without '/'"
        : null;
}
