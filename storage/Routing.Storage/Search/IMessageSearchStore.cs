namespace Routing.Storage.Search;

/// <summary>
/// Keyword search over conversation messages, in the same database as the grains. Every message row appended to a
/// conversation's "messages" log is indexed by a trigger in the append's own transaction (schema version 5), so the
/// index holds exactly the committed messages: an acknowledged one is always found, a refused or rolled-back one never.
/// </summary>
public interface IMessageSearchStore
{
    /// <summary>
    /// One page of the workspace's messages matching the query, best first (rank, then newest), ranking only the newest
    /// <see cref="MessageSearchQuery.RankedCandidates"/> matches.
    /// </summary>
    Task<IReadOnlyList<MessageSearchRow>> SearchAsync(MessageSearchQuery query, CancellationToken cancellationToken = default);
}

/// <summary>What to search.</summary>
/// <param name="Workspace">Only this workspace's messages.</param>
/// <param name="Text">The parsed query.</param>
/// <param name="Principals">
/// Null: every conversation of the workspace. Otherwise only conversations one of these reached, as their timelines say
/// (<see cref="MessageSearchPrincipals"/>); an empty list finds nothing.
/// </param>
/// <param name="Offset">Rows of the ranking to skip.</param>
/// <param name="Count">Rows to return at most.</param>
public sealed record MessageSearchQuery(string Workspace, MessageSearchText Text, IReadOnlyList<string>? Principals, int Offset, int Count)
{
    /// <summary>What the API pages through at most: a word in a fifth of a million messages need not be ranked whole.</summary>
    public const int DefaultRankedCandidates = 1000;

    /// <summary>
    /// Only this many matches, the newest, are ranked: ranking scores every candidate, so an unbounded common word costs
    /// in proportion to its matches, not to the page; for a contact center the recent answers are the relevant ones.
    /// </summary>
    public int RankedCandidates { get; init; } = DefaultRankedCandidates;
}

/// <summary>
/// One hit. <see cref="Snippet"/> is an excerpt of the text around the matches with each matched word between
/// <see cref="MessageSearchText.HighlightStart"/> and <see cref="MessageSearchText.HighlightEnd"/>.
/// </summary>
public sealed record MessageSearchRow(string ConversationKey, long Sequence, int Author, string? OperatorId, DateTimeOffset At, string Snippet, double Rank);

/// <summary>The principals the index records per conversation (message_search_access), as the triggers spell them.</summary>
public static class MessageSearchPrincipals
{
    /// <summary>A department the conversation was in (any timeline event naming it).</summary>
    public static string Department(string departmentId) => "department:" + departmentId;

    /// <summary>An operator who held it or wrote in it (assigned, accepted, assigned by hand, transferred to, wrote).</summary>
    public static string Operator(string operatorId) => "operator:" + operatorId;
}
