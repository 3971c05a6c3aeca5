namespace Routing.GrainInterfaces;

/// <summary>
/// Keyword search over a workspace's messages (a stateless worker keyed by the workspace): an operator finds what was
/// answered before, a supervisor finds a dialog. Answered from the store's full-text index, which holds exactly the
/// committed messages.
/// </summary>
public interface IMessageSearchGrain : IGrainWithStringKey
{
    /// <summary>One page of hits, best first; ArgumentException (nothing searched) for a bad query, limit or cursor.</summary>
    Task<MessageSearchPage> Search(MessageSearchRequest request);
}
