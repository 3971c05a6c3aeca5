using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Grains.Policies;
using Routing.Grains.State;
using Orleans.Concurrency;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Grains.Grains;

/// <summary>
/// One person across channels. Owns "which conversation is open": a message goes into it, or opens a new one that
/// the entry rules send to a department. Call order: customer → workspace (read), conversation, department.
/// </summary>
[GrainType("customer")]
public sealed partial class CustomerGrain(
    [PersistentState("customer")] IPersistentState<CustomerState> state) : RoutingGrain, ICustomerGrain
{
    private CustomerState S => state.State;
    private string CustomerId => RoutingKeys.IdOf(GetPrimaryKeyString());

    public async Task<IntakeResult> Receive(IntakeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (S.Blocked) throw new RoutingRefusedException(RoutingRefusedException.CustomerBlocked, $"customer '{CustomerId}' is blocked");
        // A new identity is written with the conversation a first message opens (one commit less on intake's path),
        // or at once when the message goes into an open one.
        var identity = $"{message.Channel}:{message.ExternalId}";
        var newIdentity = !S.Identities.Contains(identity);
        if (newIdentity) S.Identities.Add(identity);

        ConversationView? previous = null;
        if (S.OpenConversationId is { } openId)
        {
            if (newIdentity) await state.WriteStateAsync();
            var open = Conversation(openId);
            // The view comes with the answer: null after a crash between recording it here and opening it (open a new one).
            (var stillOpen, previous) = await open.AddCustomerMessage(message.Text, message.Attachments, message.ClientMessageId);
            // The retry of the intake that opened it (its first answer lost in a crash) answers as the first did.
            var opened = message.ClientMessageId is not null && previous?.OpeningClientMessageId == message.ClientMessageId;
            // Re-drive a dialog that says it waits: a crash between opening it and queueing it (or a retried intake
            // after one) is repaired here; the enqueue is idempotent and answers the current position.
            if (stillOpen && previous!.Status == ConversationStatus.Queued
                && await GrainFactory.GetGrain<IConversationControlGrain>(RoutingKeys.ConversationControl(WorkspaceId, openId))
                    .EnsureQueued(Request(openId, previous, message, null)) is { } placement)
                return Result(openId, previous.DepartmentId, placement, opened);
            if (stillOpen)
                return new IntakeResult(CustomerId, openId, opened, previous!.Status, previous.DepartmentId, previous.OperatorId, null);
        }
        return await OpenNew(message, previous);
    }

    private async Task<IntakeResult> OpenNew(IntakeMessage message, ConversationView? previous)
    {
        var entry = await GrainFactory.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(WorkspaceId)).GetEntryConfig();
        // Rules see the stored card's attributes, overlaid by what this message says (it is the fresher word).
        var facts = new EntryFacts(message.Channel)
        {
            Topic = message.Topic, Language = message.Language, Attributes = EntryFacts.Overlay(S.Card.Attributes, message.Attributes),
        };
        var decision = EntryRouter.Choose(entry.Routing, facts, TimeProvider.GetUtcNow(),
            id => TimeZones.Find(entry.DepartmentTimeZones.GetValueOrDefault(id, "UTC")));
        var department = decision.DepartmentId;
        var timers = entry.DepartmentTimers.GetValueOrDefault(department);
        var terms = DialogTermsPolicy.For(decision.RuleIndex is { } rule ? entry.Routing.Rules[rule] : null,
            message.Priority, timers?.FirstResponseTarget, message.Channel);

        // The customer records the new conversation first, so a retry after a crash finds and reuses it.
        S.ConversationCount++;
        var conversationId = $"{CustomerId}-{S.ConversationCount}";
        S.OpenConversationId = conversationId;
        await state.WriteStateAsync();

        var botFirst = entry.BotFirstDepartments.Contains(department);
        var view = await Conversation(conversationId).Open(
            new OpenConversation(CustomerId, message.Channel, department, terms.Priority, message.Text)
            {
                BotFirst = botFirst, Timers = timers, FirstAttachments = message.Attachments,
                ExternalId = message.ExternalId, ClientMessageId = message.ClientMessageId,
                FirstResponseTarget = terms.FirstResponseTarget, FirstResponseTargetSource = terms.FirstResponseTargetSource,
            });
        // Every widget tab of this identity follows the new conversation, not only the one that sent the message.
        PublishEvent(new ConversationOpened(CustomerId, conversationId),
            RoutingTopics.Identity(RoutingKeys.Identity(WorkspaceId, message.Channel, message.ExternalId)));
        if (botFirst) return new IntakeResult(CustomerId, conversationId, true, ConversationStatus.Bot, department, null, null);
        return await Place(conversationId, view, message, previous, opened: true);
    }

    private async Task<IntakeResult> Place(string conversationId, ConversationView view, IntakeMessage message, ConversationView? previous, bool opened)
    {
        var placement = await GrainFactory.GetGrain<IDepartmentGrain>(RoutingKeys.Department(WorkspaceId, view.DepartmentId))
            .Enqueue(Request(conversationId, view, message, previous));
        return Result(conversationId, view.DepartmentId, placement, opened);
    }

    private EnqueueRequest Request(string conversationId, ConversationView view, IntakeMessage message, ConversationView? previous) =>
        new(conversationId, view.Priority, view.Channel, view.WaitingSince)
        {
            RequiredSkills = message.RequiredSkills,
            PersonalManagerId = S.PersonalManagerId,
            LastOperatorId = previous?.OperatorId,
            LastContactAt = previous?.LastCustomerMessageAt,
        };

    private IntakeResult Result(string conversationId, string departmentId, Placement placement, bool opened) =>
        new(CustomerId, conversationId, opened,
            placement.OperatorId is null ? ConversationStatus.Queued
            : placement.Offered ? ConversationStatus.Offered : ConversationStatus.Assigned,
            departmentId, placement.OperatorId, placement.QueuePosition);

    public async Task AddIdentity(Channel channel, string externalId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(externalId);
        await GrainFactory.GetGrain<IIdentityIndexGrain>(RoutingKeys.Identity(WorkspaceId, channel, externalId)).Link(CustomerId);
        var identity = $"{channel}:{externalId}";
        if (S.Identities.Contains(identity)) return;
        S.Identities.Add(identity);
        await state.WriteStateAsync();
    }

    public async Task SetPersonalManager(string? operatorId)
    {
        S.PersonalManagerId = operatorId;
        await state.WriteStateAsync();
    }

    public async Task SetBlocked(bool blocked)
    {
        if (S.Blocked == blocked) return;
        S.Blocked = blocked;
        await state.WriteStateAsync();
    }

    public Task<CustomerView> Get() => Task.FromResult(new CustomerView(CustomerId)
    {
        Identities = S.Identities.ToList(),
        OpenConversationId = S.OpenConversationId,
        PersonalManagerId = S.PersonalManagerId,
        ConversationCount = S.ConversationCount,
        Blocked = S.Blocked,
        Card = S.Card,
        Reminder = S.Reminder,
    });

    private IConversationGrain Conversation(string id) => GrainFactory.GetGrain<IConversationGrain>(RoutingKeys.Conversation(WorkspaceId, id));
}
