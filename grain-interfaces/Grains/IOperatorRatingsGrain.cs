using Orleans.Concurrency;

namespace Routing.GrainInterfaces;

/// <summary>
/// One operator's customer ratings (R19), aggregated. Key: RoutingKeys.OperatorRatings(ws, operatorId). Called by the
/// conversation the rating belongs to (below it in the call order, it calls nobody) and read by clients.
/// </summary>
public interface IOperatorRatingsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds a conversation's rating; a conversation already counted (a redelivery after a crash) is not counted again.
    /// </summary>
    Task Add(string conversationId, int score, int scale);

    [ReadOnly] Task<OperatorRatings> Get();
}
