using Routing.GrainInterfaces;
using Routing.Grains.State;
using Orleans.Concurrency;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Grains.Grains;

/// <summary>
/// One operator's customer ratings (R19): a small fixed-size aggregate (count and normalized sum over every scale,
/// count and raw sum per scale), never a list of ratings; the ratings themselves stay in their conversations. A
/// conversation delivers its rating again only right after a crash, so the last <see cref="RecentLimit"/> rated
/// conversations are kept to ignore a redelivery.
/// </summary>
[GrainType("operator-ratings")]
public sealed class OperatorRatingsGrain(
    [PersistentState("operator-ratings")] IPersistentState<OperatorRatingsState> state) : RoutingGrain, IOperatorRatingsGrain
{
    public const int RecentLimit = 256;

    private OperatorRatingsState S => state.State;

    public async Task Add(string conversationId, int score, int scale)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        if (new RatingSettings(scale, 0).Problem() is { } problem) throw new ArgumentException(problem, nameof(scale));
        if (RatingSettings.ScoreProblem(scale, score, null) is { } scoreProblem) throw new ArgumentException(scoreProblem, nameof(score));
        if (S.Recent.Contains(conversationId)) return;
        S.Count++;
        S.NormalizedSum += RatingSettings.Normalized(score, scale);
        var tally = S.ByScale.GetValueOrDefault(scale) ?? new RatingTally(0, 0);
        S.ByScale[scale] = new RatingTally(tally.Count + 1, tally.Sum + score);
        S.Recent.Add(conversationId);
        if (S.Recent.Count > RecentLimit) S.Recent.RemoveAt(0);
        await state.WriteStateAsync();
    }

    public Task<OperatorRatings> Get() =>
        Task.FromResult(new OperatorRatings(RoutingKeys.IdOf(GetPrimaryKeyString()), S.Count, S.NormalizedSum, new Dictionary<int, RatingTally>(S.ByScale)));
}
