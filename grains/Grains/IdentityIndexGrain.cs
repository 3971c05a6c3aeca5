using Routing.GrainInterfaces;
using Routing.Grains.State;
using Orleans.Concurrency;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Grains.Grains;

/// <summary>One channel identity → its customer. A new identity gets a customer named after it (deterministic).</summary>
[GrainType("identity")]
public sealed class IdentityIndexGrain(
    [PersistentState("identity")] IPersistentState<IdentityState> state) : RoutingGrain, IIdentityIndexGrain
{
    public async Task<string> Resolve()
    {
        if (state.State.Blocked)
            throw new RoutingRefusedException(RoutingRefusedException.IdentityBlocked, $"identity '{RoutingKeys.IdOf(GetPrimaryKeyString())}' is blocked");
        if (state.State.CustomerId is { } known) return known;
        state.State.CustomerId = "c-" + RoutingKeys.IdOf(GetPrimaryKeyString()).Replace(':', '-');
        await state.WriteStateAsync();
        return state.State.CustomerId;
    }

    public async Task<bool> Claim(string customerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        if (state.State.Blocked)
            throw new RoutingRefusedException(RoutingRefusedException.IdentityBlocked, $"identity '{RoutingKeys.IdOf(GetPrimaryKeyString())}' is blocked");
        if (state.State.CustomerId is { } known) return known == customerId;
        await Link(customerId);
        return true;
    }

    public async Task SetBlocked(bool blocked)
    {
        if (state.State.Blocked == blocked) return;
        state.State.Blocked = blocked;
        await state.WriteStateAsync();
    }

    public Task<IdentityView> Get() => Task.FromResult(new IdentityView(state.State.CustomerId, state.State.Blocked));

    public async Task Link(string customerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        if (state.State.CustomerId == customerId) return;
        state.State.CustomerId = customerId;
        await state.WriteStateAsync();
    }
}
