using System.Globalization;
using Orleans;

namespace Routing.GrainInterfaces;

/// <summary>
/// A search: <see cref="Query"/> in web search syntax (words all required, "a phrase", a OR b, -excluded), at most
/// <see cref="Limit"/> hits from <see cref="Cursor"/> (the previous page's <see cref="MessageSearchPage.NextCursor"/>).
/// With <see cref="OperatorId"/> only the dialogs that operator may read: those of the departments they belong to now,
/// and those they held or wrote in; without it (a supervisor or admin) every dialog of the workspace.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.MessageSearchRequest")]
public sealed record MessageSearchRequest(string? Query, int? Limit = null, string? Cursor = null)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>How deep paging goes: hits past this many are not listed (a narrower query finds them).</summary>
    public const int MaxDepth = 1000;

    [Id(0)] public string? OperatorId { get; init; }

    /// <summary>Why the limit or cursor cannot be used, or null; the offset to start at.</summary>
    public (int Offset, int Limit, string? Problem) Paging()
    {
        var limit = Limit ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit) return (0, 0, $"limit must be between 1 and {MaxLimit}");
        if (Cursor is null) return (0, limit, null);
        if (!int.TryParse(Cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) || offset is <= 0 or >= MaxDepth
            || offset.ToString(CultureInfo.InvariantCulture) != Cursor)
            return (0, 0, "cursor is not one a search answered with");
        return (offset, Math.Min(limit, MaxDepth - offset), null);
    }

    public static string CursorAt(int offset) => offset.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A page of hits, best first (relevance, then newest); <see cref="NextCursor"/> null on the last page.</summary>
[GenerateSerializer, Immutable, Alias("routing.MessageSearchPage")]
public sealed record MessageSearchPage(IReadOnlyList<MessageSearchHit> Hits, string? NextCursor);

/// <summary>
/// A message that matched: its conversation and sequence (read it with the conversation's messages), who wrote it and
/// when, and an excerpt of its text with the matched words at <see cref="Highlights"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.MessageSearchHit")]
public sealed record MessageSearchHit(
    string ConversationId, long Sequence, MessageAuthor Author, string? OperatorId, DateTimeOffset At, string Snippet,
    IReadOnlyList<TextRange> Highlights, double Rank);

/// <summary>A part of a text: <see cref="Length"/> characters (UTF-16 code units) from <see cref="Start"/>.</summary>
[GenerateSerializer, Immutable, Alias("routing.TextRange")]
public sealed record TextRange(int Start, int Length);
