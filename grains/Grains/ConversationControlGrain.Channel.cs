using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Grains.State;

namespace Routing.Grains.Grains;

/// <summary>
/// Moving an assigned dialog to another of the customer's channels (issue 15). Everything a request can be refused for
/// is checked before the intent is recorded; then the operator's load takes the new channel's cost (their grain decides,
/// atomically with every reservation, and refuses a dearer channel that does not fit), the identity is linked to the
/// customer (so their messages there land in this conversation), and the conversation moves. A refusal after the
/// operator's change gives the old cost back; any other failure leaves the intent for the resume deadline to finish.
/// </summary>
public sealed partial class ConversationControlGrain
{
    public async Task<ConversationView> MoveToChannel(ChannelMoveRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Enum.IsDefined(request.Channel)) throw new ArgumentOutOfRangeException(nameof(request), request.Channel, "unknown channel");
        if (ChannelMoveRequest.IdentityProblem(request.Channel, request.ExternalId) is { } problem) throw new ArgumentException(problem, nameof(request));
        await FinishPending();
        var view = await Conversation.Get();
        if (IsRepeat(MoveKind.ToChannel, request.Channel.ToString(), request.HeldBy, view)
            && (request.ExternalId is null || request.ExternalId == state.State.Done!.ExternalId))
            return view; // a retry of a move that took effect
        RequireMovable(view, request.HeldBy);
        if (request.Channel == Channel.Voice)
            throw new RoutingRefusedException(ChannelMoveRefusals.VoiceNeedsCallback,
                "a move to the phone is a callback request: ask for one for this dialog's customer (POST operator/conversations/{id}/callback, "
                + "or the callback command); the dialog stays where it is");
        if (request.Channel == view.Channel)
            throw new RoutingRefusedException(ChannelMoveRefusals.SameChannel, $"conversation '{ConversationId}' runs in {view.Channel} already");
        var externalId = request.ExternalId ?? await KnownIdentity(view.CustomerId, request.Channel)
            ?? throw new RoutingRefusedException(ChannelMoveRefusals.NoChannelIdentity,
                $"the customer has no known {request.Channel} identity: give externalCustomerId");
        await RequireIdentityFree(request.Channel, externalId, view.CustomerId);
        await Run(NewMove(MoveKind.ToChannel, request.Channel.ToString(), "", view) with
        {
            RequestedBy = request.HeldBy, ExternalId = externalId, FromChannel = view.Channel,
        });
        return await Conversation.Get();
    }

    /// <summary>Only an assigned dialog moves: an operator's own, or any for a supervisor. A closed one is a conflict for both.</summary>
    private void RequireMovable(ConversationView view, string? heldBy)
    {
        if (heldBy is not null && !(view.Status == ConversationStatus.Closed && view.OperatorId == heldBy)) RequireAssigned(view, heldBy);
        Open(view);
        if (view.Status != ConversationStatus.Assigned)
            throw new InvalidOperationException($"conversation '{ConversationId}' is {view.Status}: only a dialog assigned to an operator moves to another channel");
    }

    /// <summary>The customer's most recently known identity on <paramref name="channel"/>, or null.</summary>
    private async Task<string?> KnownIdentity(string customerId, Channel channel)
    {
        var prefix = channel + ":";
        var customer = await GrainFactory.GetGrain<ICustomerGrain>(RoutingKeys.Customer(WorkspaceId, customerId)).Get();
        return customer.Identities.LastOrDefault(i => i.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
    }

    /// <summary>Refuses an identity that is blocked or another customer's before anything changes (the claim checks again).</summary>
    private async Task RequireIdentityFree(Channel channel, string externalId, string customerId)
    {
        var identity = await Identity(channel, externalId).Get();
        if (identity.Blocked)
            throw new RoutingRefusedException(RoutingRefusedException.IdentityBlocked, $"the {channel} identity '{externalId}' is blocked");
        if (identity.CustomerId is { } owner && owner != customerId) throw IdentityInUse(channel, externalId);
    }

    private async Task<Placement> ToChannelSteps(PendingMove move)
    {
        var channel = Enum.Parse<Channel>(move.Target);
        var externalId = move.ExternalId ?? throw new InvalidOperationException("a channel move without an identity");
        var view = await OpenView();
        var step = new ConversationChannelMove(channel, externalId, move.MoveId);
        if (view.LastMoveId == move.MoveId)
        {
            await Conversation.MoveChannel(step); // resumed after the move: hands its events over again
            return new Placement(ConversationId, view.OperatorId, null);
        }
        if (view.Status != ConversationStatus.Assigned || view.OperatorId != move.FromOperator)
            throw new RoutingRefusedException(RoutingRefusedException.NotAssigned, $"conversation '{ConversationId}' is no longer assigned to '{move.FromOperator}'");
        var holder = GrainFactory.GetGrain<IOperatorGrain>(RoutingKeys.Operator(WorkspaceId, move.FromOperator!));
        if (!await holder.ChangeChannel(ConversationId, channel, force: false))
            throw new RoutingRefusedException(ChannelMoveRefusals.NoCapacity,
                $"operator '{move.FromOperator}' has no room for conversation '{ConversationId}' at the {channel} cost; it stays in {view.Channel}");
        try
        {
            if (!await Identity(channel, externalId).Claim(view.CustomerId)) throw IdentityInUse(channel, externalId);
            await GrainFactory.GetGrain<ICustomerGrain>(RoutingKeys.Customer(WorkspaceId, view.CustomerId)).AddIdentity(channel, externalId);
            await Conversation.MoveChannel(step);
        }
        catch (RoutingRefusedException)
        {
            await holder.ChangeChannel(ConversationId, move.FromChannel ?? view.Channel, force: true); // nothing moved: the old cost back
            throw;
        }
        return new Placement(ConversationId, view.OperatorId, null);
    }

    private static RoutingRefusedException IdentityInUse(Channel channel, string externalId) =>
        new(ChannelMoveRefusals.IdentityInUse, $"the {channel} identity '{externalId}' belongs to another customer");

    private IIdentityIndexGrain Identity(Channel channel, string externalId) =>
        GrainFactory.GetGrain<IIdentityIndexGrain>(RoutingKeys.Identity(WorkspaceId, channel, externalId));
}
