using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Routing.GrainInterfaces;
using Routing.Grains.State;
using Routing.Storage;

namespace Routing.Grains.Tests.Grains;

/// <summary>Issue 15: an assigned dialog moves to another of the customer's channels: one conversation, the load re-evaluated, refusals change nothing.</summary>
public sealed class ChannelMoveTests : IDisposable
{
    private const string Mail = "visitor@example.com";
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task The_operator_moves_a_chat_to_email_and_both_identities_reach_the_same_conversation()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await SupportWithAnn(silo);
        var dialog = await world.Intake("v1", "I need an invoice");
        var id = dialog.ConversationId;

        var moved = await world.Control(id).MoveToChannel(new ChannelMoveRequest(Channel.Email, Mail, HeldBy: "ann"));

        Assert.Equal((Channel.Email, Mail, ConversationStatus.Assigned, "ann"), (moved.Channel, moved.ExternalId, moved.Status, moved.OperatorId));
        var row = Assert.Single(await world.Conversation(id).GetTimeline(), e => e.Kind == ConversationChangeKinds.ChannelMoved);
        Assert.Equal(("ann", "support", "Email"), (row.OperatorId, row.DepartmentId, row.Detail));
        var system = (await world.Conversation(id).GetMessages(1, 100)).Last();
        Assert.Equal(MessageAuthor.System, system.Author);
        Assert.Contains("from site chat to e-mail", system.Text, StringComparison.Ordinal);
        Assert.Equal(Channel.Email, Assert.Single((await world.Operator("ann").GetSnapshot()).Active).Channel);
        Assert.Contains($"Email:{Mail}", (await world.Customer(dialog.CustomerId).Get()).Identities);

        var byMail = await world.Intake(Mail, "here is my VAT id", channel: Channel.Email);
        var lateOnChat = await world.Intake("v1", "and one more thing");
        Assert.Equal((id, false, dialog.CustomerId), (byMail.ConversationId, byMail.NewConversation, byMail.CustomerId));
        Assert.Equal((id, false), (lateOnChat.ConversationId, lateOnChat.NewConversation));
        Assert.Equal(Channel.Email, (await world.Conversation(id).Get()).Channel); // a late answer on the old channel does not move it back
    }

    [Fact]
    public async Task A_known_identity_is_taken_when_none_is_given_and_a_retry_answers_the_same()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await SupportWithAnn(silo);
        var dialog = await world.Intake("v1");
        await world.Customer(dialog.CustomerId).AddIdentity(Channel.Messenger, "tg-42");

        var moved = await world.Control(dialog.ConversationId).MoveToChannel(new ChannelMoveRequest(Channel.Messenger, null, "ann"));
        var retried = await world.Control(dialog.ConversationId).MoveToChannel(new ChannelMoveRequest(Channel.Messenger, null, "ann"));

        Assert.Equal((Channel.Messenger, "tg-42"), (moved.Channel, moved.ExternalId));
        Assert.Equal(moved, retried);
        Assert.Single(await world.Conversation(dialog.ConversationId).GetTimeline(), e => e.Kind == ConversationChangeKinds.ChannelMoved);
    }

    [Fact]
    public async Task Refused_moves_change_nothing()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await SupportWithAnn(silo);
        await world.AddOperator("bob", 2, "support");
        var dialog = await world.Intake("v1");
        var id = dialog.ConversationId;
        var someoneElse = await world.Intake("other@example.com", "me too", channel: Channel.Email); // a customer of their own
        await world.Factory.GetGrain<IIdentityIndexGrain>(RoutingKeys.Identity(world.WorkspaceId, Channel.Email, "spam@example.com")).SetBlocked(true);
        var timeline = await world.Conversation(id).GetTimeline();
        var ann = await world.Operator("ann").GetSnapshot();

        async Task Refused(string code, ChannelMoveRequest request) =>
            Assert.Equal(code, (await Assert.ThrowsAsync<RoutingRefusedException>(() => world.Control(id).MoveToChannel(request))).Code);
        await Refused(ChannelMoveRefusals.VoiceNeedsCallback, new(Channel.Voice, "+4930123456", "ann"));
        await Refused(ChannelMoveRefusals.SameChannel, new(Channel.Chat, "v2", "ann"));
        await Refused(ChannelMoveRefusals.NoChannelIdentity, new(Channel.Social, null, "ann"));
        await Refused(ChannelMoveRefusals.IdentityInUse, new(Channel.Email, "other@example.com", "ann"));
        await Refused(RoutingRefusedException.IdentityBlocked, new(Channel.Email, "spam@example.com", "ann"));
        await Refused(RoutingRefusedException.NotAssigned, new(Channel.Email, Mail, "bob"));
        await Assert.ThrowsAsync<ArgumentException>(() => world.Control(id).MoveToChannel(new(Channel.Email, "not-an-address", "ann")));
        await Assert.ThrowsAsync<ArgumentException>(() => world.Control(id).MoveToChannel(new(Channel.Messenger, "has space", "ann")));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => world.Control(id).MoveToChannel(new((Channel)42, "x", "ann")));

        Assert.Equal(timeline, await world.Conversation(id).GetTimeline());
        Assert.Equal(ann.Active, (await world.Operator("ann").GetSnapshot()).Active);
        Assert.Equal([$"Chat:v1"], (await world.Customer(dialog.CustomerId).Get()).Identities);
        Assert.Equal(someoneElse.CustomerId, (await world.Factory.GetGrain<IIdentityIndexGrain>(RoutingKeys.Identity(world.WorkspaceId, Channel.Email, "other@example.com")).Get()).CustomerId);
        Assert.Null((await world.Factory.GetGrain<IIdentityIndexGrain>(RoutingKeys.Identity(world.WorkspaceId, Channel.Email, Mail)).Get()).CustomerId);
    }

    [Fact]
    public async Task Only_an_assigned_open_dialog_moves()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await SupportWithAnn(silo, capacity: 1);
        var held = await world.Intake("v1");
        var waiting = await world.Intake("v2");
        Assert.Null(waiting.OperatorId);

        await Assert.ThrowsAsync<InvalidOperationException>(() => world.Control(waiting.ConversationId).MoveToChannel(new(Channel.Email, Mail, null)));
        await world.Close(held.ConversationId, "operator", "ann");
        await Assert.ThrowsAsync<InvalidOperationException>(() => world.Control(held.ConversationId).MoveToChannel(new(Channel.Email, Mail, "ann")));
        await Assert.ThrowsAsync<InvalidOperationException>(() => world.Control(held.ConversationId).MoveToChannel(new(Channel.Email, Mail, null)));
        Assert.DoesNotContain(await world.Conversation(held.ConversationId).GetTimeline(), e => e.Kind == ConversationChangeKinds.ChannelMoved);
    }

    [Fact]
    public async Task A_dearer_channel_that_does_not_fit_the_operators_capacity_is_refused_and_a_cheaper_one_frees_room()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.Workspace.ConfigureOperator("ann", new OperatorProfile
        {
            Capacity = 3, Departments = [new DepartmentMembership("support")], Costs = new ChannelCosts { Chat = 1, Email = 2, Messenger = 1 },
        });
        world.Operators.Add("ann");
        await world.Online("ann");
        var first = await world.Intake("v1");
        var second = await world.Intake("v2");
        var third = await world.Intake("v3");
        Assert.Equal(3, (await world.Operator("ann").GetSnapshot()).Load);

        var refused = await Assert.ThrowsAsync<RoutingRefusedException>(() => world.Control(first.ConversationId).MoveToChannel(new(Channel.Email, Mail, "ann")));
        Assert.Equal(ChannelMoveRefusals.NoCapacity, refused.Code);
        Assert.Equal((3, Channel.Chat), await LoadAndChannel(world, first.ConversationId));
        Assert.Equal(Channel.Chat, (await world.Conversation(first.ConversationId).Get()).Channel);

        await world.Close(third.ConversationId, "operator", "ann"); // load 2: the e-mail (2 instead of 1) fits now
        await world.Control(first.ConversationId).MoveToChannel(new(Channel.Email, Mail, "ann"));
        Assert.Equal((3, Channel.Email), await LoadAndChannel(world, first.ConversationId));
        await world.Control(first.ConversationId).MoveToChannel(new(Channel.Messenger, "tg-1", "ann")); // cheaper again
        Assert.Equal((2, Channel.Messenger), await LoadAndChannel(world, first.ConversationId));
        Assert.Equal(ConversationStatus.Assigned, (await world.Conversation(second.ConversationId).Get()).Status);
    }

    [Fact]
    public async Task A_move_survives_a_restart_and_one_cut_after_the_load_changed_is_finished_by_its_resume_deadline()
    {
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await SupportWithAnn(silo);
        var done = await world.Intake("v1");
        var cut = await world.Intake("v2");
        await world.Control(done.ConversationId).MoveToChannel(new(Channel.Email, Mail, "ann"));

        // The cut, as the control grain does it: intent and resume deadline stored, ann's load at the e-mail cost, then the crash.
        var storage = silo.Services.GetRequiredService<IDurableStore>();
        var controlKey = RoutingKeys.ConversationControl(world.WorkspaceId, cut.ConversationId);
        var move = new PendingMove(MoveKind.ToChannel, "Messenger", false, "", "move-1", "support", "ann") { ExternalId = "tg-2", FromChannel = Channel.Chat };
        await storage.UpsertDeadlineAsync(new DeadlineRecord("conversation-control", controlKey, "resume", silo.Time.GetUtcNow().AddSeconds(30), null, Guid.NewGuid()));
        await storage.WriteStateAsync(new GrainStateKey("conversation-control", controlKey, "conversation-control"),
            JsonSerializer.SerializeToUtf8Bytes(new ConversationControlState { Pending = move }, GrainStateJsonContext.Default.ConversationControlState), null);
        await world.Operator("ann").ChangeChannel(cut.ConversationId, Channel.Messenger, force: false);
        await silo.CrashAsync();

        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, silo.Time);
        world.Factory = restarted.Factory;
        var after = await world.Conversation(done.ConversationId).Get();
        Assert.Equal((Channel.Email, Mail), (after.Channel, after.ExternalId));
        Assert.Equal(done.ConversationId, (await world.Intake(Mail, "after the restart", channel: Channel.Email)).ConversationId);

        await restarted.AdvanceAsync(TimeSpan.FromSeconds(30));
        await Eventually.True(async () => (await world.Conversation(cut.ConversationId).Get()).Channel == Channel.Messenger, "moved by the resumed intent");
        Assert.Equal("tg-2", (await world.Conversation(cut.ConversationId).Get()).ExternalId);
        Assert.Equal(cut.ConversationId, (await world.Intake("tg-2", "hi from the messenger", channel: Channel.Messenger)).ConversationId);
        Assert.Equal([Channel.Email, Channel.Messenger], (await world.Operator("ann").GetSnapshot()).Active.OrderBy(a => a.ConversationId, StringComparer.Ordinal).Select(a => a.Channel));
    }

    private static async Task<(int Load, Channel Channel)> LoadAndChannel(RoutingWorld world, string conversationId)
    {
        var snapshot = await world.Operator("ann").GetSnapshot();
        return (snapshot.Load, snapshot.Active.Single(a => a.ConversationId == conversationId).Channel);
    }

    private static async Task<RoutingWorld> SupportWithAnn(TestSilo silo, int capacity = 3)
    {
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddOperator("ann", capacity, "support");
        await world.Online("ann");
        return world;
    }
}
