using Orleans.Concurrency;
using Routing.GrainInterfaces;
using Routing.Storage.Search;

namespace Routing.Grains.Grains;

/// <summary>
/// A workspace's message search over the store's full-text index. Stateless: any silo answers, several at once. An
/// operator's search is limited to the dialogs of the departments they belong to now and those they held or wrote in
/// (the index keeps both per conversation from the timelines); a supervisor's covers the whole workspace.
/// </summary>
[StatelessWorker]
[GrainType("message-search")]
public sealed class MessageSearchGrain(IMessageSearchStore store) : RoutingGrain, IMessageSearchGrain
{
    public async Task<MessageSearchPage> Search(MessageSearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (text, problem) = MessageSearchText.Parse(request.Query);
        if (text is null) throw new ArgumentException(problem);
        var (offset, limit, pagingProblem) = request.Paging();
        if (pagingProblem is not null) throw new ArgumentException(pagingProblem);

        var principals = request.OperatorId is { } operatorId ? await PrincipalsOf(operatorId) : null;
        // One more than asked: whether there is a next page, without counting every match.
        var rows = await store.SearchAsync(new MessageSearchQuery(WorkspaceId, text, principals, offset, limit + 1));
        var hits = rows.Take(limit).Select(Hit).ToList();
        var next = rows.Count > limit && offset + limit < MessageSearchRequest.MaxDepth ? MessageSearchRequest.CursorAt(offset + limit) : null;
        return new MessageSearchPage(hits, next);
    }

    private async Task<IReadOnlyList<string>> PrincipalsOf(string operatorId)
    {
        var snapshot = await GrainFactory.GetGrain<IOperatorGrain>(RoutingKeys.Operator(WorkspaceId, operatorId)).GetSnapshot();
        return [MessageSearchPrincipals.Operator(operatorId), .. snapshot.Profile.Departments.Select(d => MessageSearchPrincipals.Department(d.DepartmentId))];
    }

    private static MessageSearchHit Hit(MessageSearchRow row)
    {
        var (snippet, highlights) = MessageSnippet.Split(row.Snippet);
        return new MessageSearchHit(RoutingKeys.IdOf(row.ConversationKey), row.Sequence, (MessageAuthor)row.Author, row.OperatorId, row.At, snippet,
            highlights.Select(h => new TextRange(h.Start, h.Length)).ToList(), row.Rank);
    }
}
