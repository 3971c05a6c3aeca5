using Routing.GrainInterfaces;
using Routing.Testing;

namespace Routing.Grains.Tests.Grains;

/// <summary>Issue 15: the operator of a dialog (or a supervisor) sends its visitor to a page; recorded, published, refused when not theirs.</summary>
public sealed class NavigateVisitorTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task The_assigned_operator_sends_the_visitor_to_a_page_recorded_in_the_timeline_and_published()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddOperator("ann", 2, "support");
        await world.Online("ann");
        var id = (await world.Intake("c1", "where do I pay?")).ConversationId;
        using var events = silo.Events().Subscribe("conversation:" + RoutingKeys.Conversation(world.WorkspaceId, id));

        var sent = await world.Conversation(id).Navigate(MessageAuthor.Operator, "ann", "https://shop.example/pay?order=42");
        var supervisor = await world.Conversation(id).Navigate(MessageAuthor.Supervisor, "key-1", "http://shop.example/help");

        Assert.Equal([sent, supervisor], Published.Drain<VisitorNavigation>(events));
        Assert.Equal(("https://shop.example/pay?order=42", MessageAuthor.Operator, "ann"), (sent.Url, sent.Author, sent.OperatorId));
        var rows = (await world.Conversation(id).GetTimeline()).Where(e => e.Kind == ConversationChangeKinds.Navigated).ToList();
        Assert.Equal([("ann", "https://shop.example/pay?order=42", sent.TimelineSequence), ("key-1", "http://shop.example/help", supervisor.TimelineSequence)],
            rows.Select(r => (r.OperatorId!, r.Detail!, r.Sequence)));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("ftp://files.example/x")]
    [InlineData("/relative/page")]
    [InlineData("https://user:secret@shop.example/")]
    [InlineData("")]
    public async Task A_url_that_is_not_absolute_http_or_https_is_refused_and_nothing_is_recorded(string url)
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddOperator("ann", 2, "support");
        await world.Online("ann");
        var id = (await world.Intake("c1", "hello")).ConversationId;
        var before = await world.Conversation(id).GetTimeline();

        await Assert.ThrowsAsync<ArgumentException>(() => world.Conversation(id).Navigate(MessageAuthor.Operator, "ann", url));
        await Assert.ThrowsAsync<ArgumentException>(() => world.Conversation(id).Navigate(MessageAuthor.Operator, "ann", "https://shop.example/" + new string('a', VisitorNavigation.MaxUrlLength)));
        Assert.Equal(before, await world.Conversation(id).GetTimeline());
    }

    [Fact]
    public async Task Another_operator_a_missing_or_a_closed_conversation_is_refused()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddOperator("ann", 2, "support");
        await world.AddOperator("bob", 2, "support");
        await world.Online("ann");
        var id = (await world.Intake("c1", "hello")).ConversationId;
        const string url = "https://shop.example/";

        Assert.Equal(RoutingRefusedException.NotAssigned, (await Assert.ThrowsAsync<RoutingRefusedException>(() => world.Conversation(id).Navigate(MessageAuthor.Operator, "bob", url))).Code);
        Assert.Equal(RoutingRefusedException.NotAssigned, (await Assert.ThrowsAsync<RoutingRefusedException>(() => world.Conversation("nope").Navigate(MessageAuthor.Operator, "ann", url))).Code);
        await world.Close(id, "operator");
        await Assert.ThrowsAsync<InvalidOperationException>(() => world.Conversation(id).Navigate(MessageAuthor.Supervisor, "key-1", url));
        Assert.DoesNotContain(await world.Conversation(id).GetTimeline(), e => e.Kind == ConversationChangeKinds.Navigated);
    }
}
