using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Routing.GrainInterfaces;
using Routing.Grains.State;
using Routing.Storage;
using Routing.Testing;

namespace Routing.Grains.Tests.Grains;

/// <summary>R3: every customer and operator message is a row of the conversation's append-only message log.</summary>
public sealed class MessageLogTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static readonly AttachmentMetadata Bill = new("bill.pdf", "application/pdf", 52_000, "https://files.example.com/bill.pdf");

    /// <summary>"support" with "ann" (capacity 2) online.</summary>
    private static async Task<RoutingWorld> Support(TestSilo silo)
    {
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.Workspace.SetEntryRouting(new EntryRouting("support"));
        await world.AddOperator("ann", 2, "support");
        await world.Online("ann");
        return world;
    }

    private static Task<IntakeResult> Write(RoutingWorld world, string externalId, string text, params AttachmentMetadata[] attachments) =>
        world.Factory.GetGrain<IIntakeGrain>(RoutingKeys.Intake(world.WorkspaceId))
            .Receive(new IntakeMessage(Channel.Chat, externalId, text) { Attachments = attachments });

    private static IReadOnlyList<(long, MessageAuthor, string?, string, int)> Rows(IEnumerable<ConversationMessage> messages) =>
        messages.Select(m => (m.Sequence, m.Author, m.OperatorId, m.Text, m.Attachments.Count)).ToList();

    [Fact]
    public async Task Customer_and_operator_messages_are_stored_in_order_published_and_survive_a_restart()
    {
        var time = new FakeTimeProvider(TestClock.MondayMorning);
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        var world = await Support(silo);
        var opened = await Write(world, "c1", "my bill is wrong", Bill);
        Assert.Equal("ann", opened.OperatorId);
        var conversation = world.Conversation(opened.ConversationId);
        using var events = silo.Events().Subscribe("conversation:" + RoutingKeys.Conversation(world.WorkspaceId, opened.ConversationId));
        time.Advance(TimeSpan.FromSeconds(5));
        await conversation.AddOperatorMessage("ann", "let me look");
        time.Advance(TimeSpan.FromSeconds(5));
        var again = await Write(world, "c1", "thanks");
        Assert.Equal(opened.ConversationId, again.ConversationId);

        var expected = new List<(long, MessageAuthor, string?, string, int)>
        {
            (1, MessageAuthor.Customer, null, "my bill is wrong", 1), (2, MessageAuthor.Operator, "ann", "let me look", 0),
            (3, MessageAuthor.Customer, null, "thanks", 0),
        };
        var stored = await conversation.GetMessages(1, 100);
        Assert.Equal(expected, Rows(stored));
        Assert.Equal(Bill, Assert.Single(stored[0].Attachments));
        Assert.Equal([stored[0].At + TimeSpan.FromSeconds(5), stored[0].At + TimeSpan.FromSeconds(10)], stored.Skip(1).Select(m => m.At));
        Assert.All(stored, m => Assert.Equal(opened.ConversationId, m.ConversationId));
        Assert.Equal(expected.Skip(1), Rows(Published.Drain<ConversationMessage>(events)));
        Assert.Equal(3, (await conversation.Get()).MessagesLength);
        await silo.StopAsync();

        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        world.Factory = restarted.Factory;
        conversation = world.Conversation(opened.ConversationId);
        var reloaded = await conversation.GetMessages(1, 100);
        Assert.Equal(expected, Rows(reloaded));
        Assert.Equal(stored.Select(m => m.At), reloaded.Select(m => m.At));
        Assert.Equal(Bill, reloaded[0].Attachments[0]);

        // The log goes on after the restart without reusing a sequence.
        await conversation.AddOperatorMessage("ann", "fixed");
        Assert.Equal((4L, "fixed"), ((await conversation.GetMessages(4, 10))[0].Sequence, (await conversation.GetMessages(4, 10))[0].Text));
    }

    [Fact]
    public async Task A_message_row_a_crash_left_past_the_state_is_adopted_at_the_next_activation_and_never_overwritten()
    {
        var time = new FakeTimeProvider(TestClock.MondayMorning);
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        var world = await Support(silo);
        var opened = await world.Intake("c1", "first");
        var key = RoutingKeys.Conversation(world.WorkspaceId, opened.ConversationId);
        // The row of a message whose state write the crash prevented.
        var orphan = new ConversationMessage(opened.ConversationId, 2, MessageAuthor.Customer, null, "second", time.GetUtcNow());
        await silo.Services.GetRequiredService<IDurableStore>().AppendAsync(new GrainLogKey("conversation", key, "messages"),
            [new LogEntry(2, JsonSerializer.SerializeToUtf8Bytes(orphan, GrainStateJsonContext.Default.ConversationMessage))]);
        Assert.Equal(["first"], (await world.Conversation(opened.ConversationId).GetMessages(1, 10)).Select(m => m.Text)); // only what the state counts
        await silo.CrashAsync();

        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        world.Factory = restarted.Factory;
        var conversation = world.Conversation(opened.ConversationId);
        Assert.Equal(2, (await conversation.Get()).MessagesLength);
        await conversation.AddOperatorMessage("ann", "third");
        Assert.Equal([(1L, "first"), (2L, "second"), (3L, "third")], (await conversation.GetMessages(1, 10)).Select(m => (m.Sequence, m.Text)));
    }

    [Fact]
    public async Task A_resend_is_stored_once_however_many_messages_came_between_and_after_a_restart()
    {
        var time = new FakeTimeProvider(TestClock.MondayMorning);
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        var world = await Support(silo);
        var opened = await world.Intake("c1", "hello");
        var conversation = world.Conversation(opened.ConversationId);
        // The console's send whose answer was lost; then a busy dialog, more than the state's window of ids, while it is away.
        await conversation.AddOperatorMessage("ann", "one moment", "console-1");
        const int between = 150;
        for (var m = 1; m <= between; m++)
        {
            if (m % 2 == 0) await conversation.AddOperatorMessage("ann", $"from the API {m}", $"api-{m}");
            else await conversation.AddCustomerMessage($"customer {m}", [], $"widget-{m}");
        }
        var length = 2 + between;
        using (var events = silo.Events().Subscribe("conversation:" + RoutingKeys.Conversation(world.WorkspaceId, opened.ConversationId)))
        {
            await conversation.AddOperatorMessage("ann", "one moment", "console-1");
            await conversation.AddCustomerMessage("customer 1", [], "widget-1");
            Assert.Equal(length, (await conversation.Get()).MessagesLength);
            // Handed again to readers (they drop what they have), under the sequences first stored.
            Assert.Equal([2L, 3L], Published.Drain<ConversationMessage>(events).Select(m => m.Sequence));
        }
        await silo.StopAsync();

        // A new activation reads the pushed-out ids back from the log when a lookup first misses its window.
        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        world.Factory = restarted.Factory;
        conversation = world.Conversation(opened.ConversationId);
        await conversation.AddOperatorMessage("ann", "one moment", "console-1");
        await conversation.AddOperatorMessage("ann", "from the API 2", "api-2");
        Assert.Equal(length, (await conversation.Get()).MessagesLength);
        // Scoped by writer: the same id from another writer is another message.
        await conversation.AddCustomerMessage("my own console-1", [], "console-1");
        Assert.Equal(length + 1, (await conversation.Get()).MessagesLength);
        var texts = (await conversation.GetMessages(1, ConversationMessage.MaxReadCount)).Select(m => m.Text).ToList();
        Assert.Single(texts, t => t == "one moment");
        Assert.Equal(texts.Count, texts.Distinct().Count());
    }

    [Fact]
    public async Task Messages_are_read_back_in_pages()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo);
        var opened = await world.Intake("c1", "m1");
        for (var i = 2; i <= 5; i++) await world.Intake("c1", $"m{i}");
        var conversation = world.Conversation(opened.ConversationId);

        Assert.Equal(["m2", "m3"], (await conversation.GetMessages(2, 2)).Select(m => m.Text));
        Assert.Equal(["m5"], (await conversation.GetMessages(5, 10)).Select(m => m.Text));
        Assert.Empty(await conversation.GetMessages(6, 10));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => conversation.GetMessages(0, 10));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => conversation.GetMessages(1, 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => conversation.GetMessages(1, ConversationMessage.MaxReadCount + 1));
        Assert.Empty(await world.Conversation("never-opened").GetMessages(1, 10));
    }

    [Fact]
    public async Task A_refused_operator_message_stores_nothing_and_publishes_nothing()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo);
        await world.AddOperator("bob", 1, "support");
        var opened = await world.Intake("c1", "hello");
        Assert.Equal("ann", opened.OperatorId);
        var conversation = world.Conversation(opened.ConversationId);
        using var events = silo.Events().Subscribe("conversation:" + RoutingKeys.Conversation(world.WorkspaceId, opened.ConversationId));
        var timeline = await conversation.GetTimeline();

        var refused = await Assert.ThrowsAsync<RoutingRefusedException>(() => conversation.AddOperatorMessage("bob", "I am not on it"));
        Assert.Equal(RoutingRefusedException.NotAssigned, refused.Code);
        await Assert.ThrowsAsync<ArgumentException>(() => conversation.AddOperatorMessage("ann", new string('x', ConversationMessage.MaxTextLength + 1)));
        await world.Close(opened.ConversationId, "operator");
        await Assert.ThrowsAsync<RoutingRefusedException>(() => conversation.AddOperatorMessage("ann", "too late"));

        Assert.Equal(["hello"], (await conversation.GetMessages(1, 10)).Select(m => m.Text));
        Assert.Equal(1, (await conversation.Get()).MessagesLength);
        Assert.Equal([.. timeline.Select(e => e.Kind), "closed"], (await conversation.GetTimeline()).Select(e => e.Kind));
        Assert.Empty(Published.Drain<ConversationMessage>(events));
    }

    [Fact]
    public async Task A_customer_message_answers_the_view_after_it_in_the_same_call_and_a_closed_one_adds_nothing()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo);
        var first = await world.Intake("c1", "hello");
        var conversation = world.Conversation(first.ConversationId);

        var added = await conversation.AddCustomerMessage("more", []);
        Assert.True(added.StillOpen);
        var view = await conversation.Get();
        Assert.Equal((view.ConversationId, view.Status, view.MessagesLength, view.Unanswered), (added.View!.ConversationId, added.View.Status, added.View.MessagesLength, added.View.Unanswered));
        Assert.Equal(2, added.View.MessagesLength);

        await world.Close(first.ConversationId, "customer");
        var refused = await conversation.AddCustomerMessage("ignored", []);
        Assert.False(refused.StillOpen);
        Assert.Equal((ConversationStatus.Closed, 2L), (refused.View!.Status, refused.View.MessagesLength));
        Assert.Null((await world.Conversation("never-opened").AddCustomerMessage("nobody", [])).View);
    }

    [Fact]
    public async Task A_message_after_the_close_opens_a_new_conversation_whose_first_message_it_is()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo);
        var first = await world.Intake("c1", "hello");
        await world.Close(first.ConversationId, "customer");
        Assert.False((await world.Conversation(first.ConversationId).AddCustomerMessage("ignored", [])).StillOpen);

        var second = await world.Intake("c1", "me again");
        Assert.NotEqual(first.ConversationId, second.ConversationId);
        Assert.Equal(["hello"], (await world.Conversation(first.ConversationId).GetMessages(1, 10)).Select(m => m.Text));
        Assert.Equal([(1L, MessageAuthor.Customer, (string?)null, "me again", 0)], Rows(await world.Conversation(second.ConversationId).GetMessages(1, 10)));
    }

    [Fact]
    public async Task An_oversized_customer_message_is_refused_and_stores_nothing()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo);
        var opened = await world.Intake("c1", "hello");
        var conversation = world.Conversation(opened.ConversationId);

        await Assert.ThrowsAsync<ArgumentException>(() => conversation.AddCustomerMessage(new string('x', ConversationMessage.MaxTextLength + 1), []));
        await Assert.ThrowsAsync<ArgumentException>(() => conversation.AddCustomerMessage("many", Enumerable.Repeat(Bill, ConversationMessage.MaxAttachments + 1).ToList()));
        await Assert.ThrowsAsync<ArgumentException>(() => conversation.AddCustomerMessage("huge", [Bill with { SizeBytes = ConversationMessage.MaxAttachmentSizeBytes + 1 }]));
        Assert.Equal(["hello"], (await conversation.GetMessages(1, 10)).Select(m => m.Text));
        Assert.Equal(1, (await conversation.Get()).MessageCount);
    }
}
