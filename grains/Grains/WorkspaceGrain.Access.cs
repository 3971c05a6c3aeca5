using Routing.GrainInterfaces;
using Routing.Grains.Policies;
using Routing.Grains.State;

namespace Routing.Grains.Grains;

/// <summary>
/// Administration (issue 15): operator access and licensed seats. The workspace is the authority on who may sign in
/// (every operator token is checked against it), so a block is stored here first and then pushed to the operator grain,
/// which takes the operator out of routing and sends their dialogs back; a retry of either step is harmless.
/// </summary>
public sealed partial class WorkspaceGrain
{
    /// <summary>Longest reason an admin may give for a block.</summary>
    public const int MaxBlockReasonLength = 500;

    public Task<OperatorAccess> GetOperatorAccess(string operatorId, DateTimeOffset? tokenIssuedAt = null) => Task.FromResult(
        operatorId is null || !S.Operators.ContainsKey(operatorId) ? OperatorAccess.NotConfigured
        : S.BlockedOperators.ContainsKey(operatorId) ? OperatorAccess.Blocked
        : tokenIssuedAt is { } issued && S.OperatorTokensRevokedAt.TryGetValue(operatorId, out var revoked)
          // Tokens carry whole seconds: one of the block's own second may predate it, so it goes too (sign in a second later).
          && issued.ToUnixTimeSeconds() <= revoked.ToUnixTimeSeconds() ? OperatorAccess.TokenRevoked
        : OperatorAccess.Allowed);

    public async Task<OperatorBlock> BlockOperator(string operatorId, string reason)
    {
        RequireOperator(operatorId);
        Require(reason is not null && reason.Length <= MaxBlockReasonLength, $"reason must be at most {MaxBlockReasonLength} characters", nameof(reason));
        if (!S.BlockedOperators.TryGetValue(operatorId, out var block))
        {
            block = new OperatorBlock(reason!, TimeProvider.GetUtcNow());
            S.BlockedOperators[operatorId] = block;
            S.OperatorTokensRevokedAt[operatorId] = block.Since; // a lost phone's token never works again
            await Save(); // durable before anything else: from here on every token of theirs is refused
        }
        await Operator(operatorId).Block();
        PublishEvent(new WorkspaceChanged("operator-blocked", null, operatorId), RoutingTopics.Workspace(WorkspaceId));
        return block;
    }

    public async Task<bool> UnblockOperator(string operatorId)
    {
        RequireOperator(operatorId);
        var lifted = S.BlockedOperators.Remove(operatorId);
        if (lifted) await Save();
        await Operator(operatorId).Unblock(); // also after a crash between the two writes of an earlier unblock
        if (lifted) PublishEvent(new WorkspaceChanged("operator-unblocked", null, operatorId), RoutingTopics.Workspace(WorkspaceId));
        return lifted;
    }

    public Task<IReadOnlyDictionary<string, OperatorBlock>> GetOperatorBlocks() =>
        Task.FromResult<IReadOnlyDictionary<string, OperatorBlock>>(new Dictionary<string, OperatorBlock>(S.BlockedOperators));

    public async Task<bool> RemoveOperator(string operatorId)
    {
        if (operatorId is null || !S.Operators.TryGetValue(operatorId, out var profile)) return false;
        await Operator(operatorId).Remove(); // refuses while they hold dialogs; from here on never reserved
        S.Operators.Remove(operatorId);
        S.BlockedOperators.Remove(operatorId); // a new operator of the same id starts unblocked,
        S.OperatorTokensRevokedAt[operatorId] = TimeProvider.GetUtcNow(); // without the tokens of the one removed
        await Save(); // the snapshot, without them: rare enough not to need a journal row of its own
        foreach (var membership in profile.Departments)
            await GrainFactory.GetGrain<IDepartmentGrain>(RoutingKeys.Department(WorkspaceId, membership.DepartmentId)).SetMember(operatorId, null);
        PublishEvent(new WorkspaceChanged("operator-removed", null, operatorId), RoutingTopics.Workspace(WorkspaceId));
        return true;
    }

    public async Task<SeatsView> SetSeats(int? seats)
    {
        if (SeatPolicy.Problem(seats) is { } problem) throw new ArgumentException(problem, nameof(seats));
        if (!S.Created) throw new InvalidOperationException($"workspace '{WorkspaceId}' does not exist");
        S.Seats = seats; // below the count is allowed: nobody is removed, and no operator is added until it fits
        await Save();
        return Seats();
    }

    public Task<SeatsView> GetSeats() => Task.FromResult(Seats());

    private SeatsView Seats() => new(S.Seats, S.Operators.Count);

    private void RequireOperator(string operatorId) =>
        Require(operatorId is not null && S.Operators.ContainsKey(operatorId), $"unknown operator '{operatorId}'", nameof(operatorId));

    private IOperatorGrain Operator(string operatorId) => GrainFactory.GetGrain<IOperatorGrain>(RoutingKeys.Operator(WorkspaceId, operatorId));
}
