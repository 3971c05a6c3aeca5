using Routing.Storage.Search;

namespace Routing.Storage.Tests;

// Message search (schema version 5): the index follows the messages log in the append's own transaction.
public abstract partial class GrainStorageConformanceTests
{
    private static GrainLogKey Messages(string conversation, string workspace = "acme") => LogKey($"{workspace}/conversation/{conversation}", "messages");

    private static GrainLogKey TimelineOf(string conversation, string workspace = "acme") => LogKey($"{workspace}/conversation/{conversation}", "timeline");

    /// <summary>A message row as the conversation grain writes it (GrainStateJsonContext: property names as declared).</summary>
    private static LogEntry Message(long sequence, string text, int author = 0, string? operatorId = null, int minute = 0) =>
        new(sequence, Bytes(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["ConversationId"] = "c", ["Sequence"] = sequence, ["Author"] = author, ["OperatorId"] = operatorId, ["Text"] = text,
            ["At"] = At(minute).ToString("O"), ["Attachments"] = Array.Empty<object>(), ["ClientMessageId"] = null,
        })));

    private static LogEntry Event(long sequence, string kind, string? operatorId = null, string? departmentId = null) =>
        new(sequence, Bytes(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["Sequence"] = sequence, ["Kind"] = kind, ["At"] = At(0).ToString("O"), ["OperatorId"] = operatorId, ["DepartmentId"] = departmentId, ["Detail"] = null,
        })));

    private async Task<IReadOnlyList<MessageSearchRow>> Search(string q, string workspace = "acme", IReadOnlyList<string>? principals = null, int offset = 0, int count = 20,
        int candidates = MessageSearchQuery.DefaultRankedCandidates)
    {
        var (text, problem) = MessageSearchText.Parse(q);
        Assert.True(text is not null, problem);
        var search = CreateSearch();
        try
        {
            return await search.SearchAsync(new MessageSearchQuery(workspace, text, principals, offset, count) { RankedCandidates = candidates });
        }
        finally
        {
            if (search is IAsyncDisposable disposable) await disposable.DisposeAsync();
        }
    }

    private static (string, long)[] Hits(IEnumerable<MessageSearchRow> rows) => rows.Select(r => (r.ConversationKey, r.Sequence)).ToArray();

    [Fact]
    public async Task An_appended_message_is_found_with_its_conversation_sequence_author_time_and_highlighted_snippet()
    {
        await Storage.AppendAsync(Messages("c1"), [Message(1, "Where is my order? It was due on Monday."), Message(2, "Your order ships today.", author: 1, operatorId: "ann", minute: 3)]);

        var hits = await Search("ships");

        var hit = Assert.Single(hits);
        Assert.Equal(("acme/conversation/c1", 2L, 1, "ann", At(3)), (hit.ConversationKey, hit.Sequence, hit.Author, hit.OperatorId, hit.At));
        var (snippet, highlights) = MessageSnippet.Split(hit.Snippet);
        Assert.Contains("Your order ships today", snippet);
        Assert.Equal(["ships"], highlights.Select(h => snippet.Substring(h.Start, h.Length)));
        Assert.Equal(2, (await Search("ORDER")).Count); // case-insensitive
    }

    [Fact]
    public async Task A_search_finds_only_its_own_workspaces_messages()
    {
        await Storage.AppendAsync(Messages("c1", "acme"), [Message(1, "refund please")]);
        await Storage.AppendAsync(Messages("c1", "acme2"), [Message(1, "refund please")]);
        await Storage.AppendAsync(Messages("c1", "other"), [Message(1, "refund please")]);

        Assert.Equal([("acme/conversation/c1", 1L)], Hits(await Search("refund", "acme")));
        Assert.Equal([("acme2/conversation/c1", 1L)], Hits(await Search("refund", "acme2")));
        Assert.Empty(await Search("refund", "nobody"));
    }

    [Fact]
    public async Task More_relevant_messages_rank_first_and_equal_ones_newest_first()
    {
        await Storage.AppendAsync(Messages("c1"), [Message(1, "I would like to know about the weather, the shop, and also a refund maybe, or not at all")]);
        await Storage.AppendAsync(Messages("c2"), [Message(1, "refund refund refund")]);
        await Storage.AppendAsync(Messages("c3"), [Message(1, "card declined")]);
        await Storage.AppendAsync(Messages("c4"), [Message(1, "card declined")]);

        var refund = await Search("refund");
        Assert.Equal([("acme/conversation/c2", 1L), ("acme/conversation/c1", 1L)], Hits(refund));
        Assert.True(refund[0].Rank > refund[1].Rank);
        Assert.Equal([("acme/conversation/c4", 1L), ("acme/conversation/c3", 1L)], Hits(await Search("declined")));
    }

    [Fact]
    public async Task Only_the_newest_matches_are_ranked_so_an_older_better_match_beyond_the_bound_is_left_out()
    {
        await Storage.AppendAsync(Messages("c1"), [Message(1, "refund refund refund")]);
        for (var i = 2; i <= 4; i++) await Storage.AppendAsync(Messages("c" + i), [Message(1, $"a refund for order {i}, as agreed with the bank")]);

        Assert.Equal("acme/conversation/c1", (await Search("refund", candidates: 4))[0].ConversationKey); // within the bound: best first
        var newest = await Search("refund", candidates: 3);
        Assert.Equal(["acme/conversation/c4", "acme/conversation/c3", "acme/conversation/c2"], newest.Select(h => h.ConversationKey));
    }

    [Fact]
    public async Task The_bound_counts_only_matches_the_caller_may_read()
    {
        await Storage.AppendAsync(TimelineOf("c1"), [Event(1, "queued", departmentId: "support")]);
        await Storage.AppendAsync(Messages("c1"), [Message(1, "refund refund refund"), Message(2, "refund please")]);
        await Storage.AppendAsync(TimelineOf("c2"), [Event(1, "queued", departmentId: "sales")]);
        await Storage.AppendAsync(Messages("c2"), [Message(1, "refund"), Message(2, "refund"), Message(3, "refund")]);

        var support = await Search("refund", principals: [MessageSearchPrincipals.Department("support")], candidates: 2);

        Assert.Equal([("acme/conversation/c1", 1L), ("acme/conversation/c1", 2L)], Hits(support));
    }

    [Fact]
    public async Task Pages_of_a_search_follow_each_other_without_gaps_or_repeats()
    {
        for (var i = 1; i <= 7; i++) await Storage.AppendAsync(Messages("c" + i), [Message(1, $"invoice number {i} " + string.Join(' ', Enumerable.Repeat("invoice", i % 3)))]);

        var all = Hits(await Search("invoice", count: 100));
        var paged = new List<(string, long)>();
        for (var offset = 0; offset < 10; offset += 3) paged.AddRange(Hits(await Search("invoice", offset: offset, count: 3)));

        Assert.Equal(7, all.Length);
        Assert.Equal(all, paged);
    }

    [Fact]
    public async Task Phrases_alternatives_and_exclusions_mean_the_same_on_every_store()
    {
        await Storage.AppendAsync(Messages("c1"), [Message(1, "the card was declined"), Message(2, "declined card, then the card worked"), Message(3, "payment by cash")]);

        Assert.Equal([2L], (await Search("\"declined card\"")).Select(h => h.Sequence));
        Assert.Equal([1L, 3L], (await Search("cash OR \"was declined\"")).Select(h => h.Sequence).Order());
        Assert.Equal([1L], (await Search("card -worked")).Select(h => h.Sequence));
    }

    [Fact]
    public async Task Text_that_is_search_syntax_to_a_database_is_searched_as_words()
    {
        await Storage.AppendAsync(Messages("c1"), [Message(1, "NEAR the body: column AND star * \"quoted\" ^caret")]);

        foreach (var q in new[] { "NEAR(", "body:", "column AND", "\"quoted", "^caret", "*star", "a\"b", "'", "body : x OR", "(\"", "):(" })
        {
            var (text, _) = MessageSearchText.Parse(q);
            if (text is null) continue; // nothing to find in it: refused before any database sees it
            await Search(q); // never throws
        }
        Assert.Single(await Search("NEAR( body:"));
    }

    [Fact]
    public async Task Principals_limit_a_search_to_the_conversations_their_timelines_name()
    {
        await Storage.AppendAsync(TimelineOf("c1"), [Event(1, "queued", departmentId: "support"), Event(2, "assigned", "ann", "support")]);
        await Storage.AppendAsync(TimelineOf("c2"), [Event(1, "queued", departmentId: "sales"), Event(2, "offered", "bob", "sales"), Event(3, "offer-declined", "bob", "sales")]);
        await Storage.AppendAsync(TimelineOf("c3"), [Event(1, "queued", departmentId: "sales"), Event(2, "transferred", "ann", "support")]);
        foreach (var c in new[] { "c1", "c2", "c3" }) await Storage.AppendAsync(Messages(c), [Message(1, "hello there")]);
        await Storage.AppendAsync(TimelineOf("c9", "other"), [Event(1, "assigned", "ann", "support")]);
        await Storage.AppendAsync(Messages("c9", "other"), [Message(1, "hello there")]);

        async Task<string[]> Conversations(params string[] principals) =>
            (await Search("hello", principals: principals)).Select(h => h.ConversationKey).Order().ToArray();

        Assert.Equal(["acme/conversation/c1", "acme/conversation/c3"], await Conversations(MessageSearchPrincipals.Department("support")));
        Assert.Equal(["acme/conversation/c1", "acme/conversation/c3"], await Conversations(MessageSearchPrincipals.Operator("ann")));
        Assert.Empty(await Conversations(MessageSearchPrincipals.Operator("bob"))); // only offered, never held
        Assert.Equal(["acme/conversation/c2", "acme/conversation/c3"], await Conversations(MessageSearchPrincipals.Department("sales")));
        Assert.Empty(await Conversations());
        Assert.Equal(3, (await Search("hello")).Count);
    }

    [Fact]
    public async Task A_refused_append_leaves_nothing_in_the_index_and_other_logs_are_not_indexed()
    {
        await Storage.AppendAsync(Messages("c1"), [Message(1, "first words")]);
        await Assert.ThrowsAsync<VersionConflictException>(() => Storage.AppendAsync(Messages("c1"), [Message(2, "second words"), Message(1, "first again")]));
        await Storage.AppendAsync(LogKey("acme/conversation/c1", "timeline"), [Entry(1, """{"Text":"words in a timeline"}""")]);
        await Storage.AppendAsync(LogKey("acme/department/d1", "messages", grainType: "department"), [Message(1, "words of a department")]);
        await Storage.AppendAsync(Messages("c2"), [Entry(1, "words not JSON"), Message(2, ""), Message(3, "   ")]);

        Assert.Equal([("acme/conversation/c1", 1L)], Hits(await Search("words")));
    }

    [Fact]
    public async Task A_message_committed_but_never_acknowledged_is_found_and_one_never_committed_is_not()
    {
        var crash = new InvalidOperationException("simulated crash after commit, before acknowledgement");
        var afterCommit = await OpenAsync(new GroupCommitHooks { AfterCommit = _ => Task.FromException(crash) });
        await Assert.ThrowsAsync<InvalidOperationException>(() => afterCommit.AppendAsync(Messages("c1"), [Message(1, "committed words")]));
        var frozen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var beforeCommit = await OpenAsync(new GroupCommitHooks { BeforeCommit = _ => frozen.Task });
        var lost = beforeCommit.AppendAsync(Messages("c2"), [Message(1, "lost words")]);

        var restarted = await OpenAsync();
        Assert.Equal([("acme/conversation/c1", 1L)], Hits(await Search("words")));
        frozen.SetException(new InvalidOperationException("simulated crash before commit"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => lost);
        await restarted.AppendAsync(Messages("c2"), [Message(1, "retried words")]); // the writer's retry is indexed once
        Assert.Equal(2, (await Search("words")).Count);
        Assert.Empty(await Search("lost"));
    }

    [Fact]
    public async Task A_conflict_in_a_shared_batch_keeps_only_its_own_message_out_of_the_index()
    {
        var gate = new BatchGate();
        var storage = await OpenAsync(gate.Hooks);
        await storage.AppendAsync(Messages("c1"), [Message(1, "taken seat")]);
        gate.Arm();
        var held = storage.AppendAsync(Messages("c0"), [Message(1, "held seat")]);
        await gate.Entered;
        var fresh = storage.AppendAsync(Messages("c2"), [Message(1, "fresh seat")]);
        var stale = storage.AppendAsync(Messages("c1"), [Message(1, "stale seat")]);
        gate.Release();

        await held;
        await fresh;
        await Assert.ThrowsAsync<VersionConflictException>(() => stale);
        Assert.Equal(["fresh", "held", "taken"], (await Search("seat")).Select(h => MessageSnippet.Split(h.Snippet).Text.Split(' ')[0]).Order());
    }

    [Fact]
    public async Task Truncating_a_messages_log_takes_its_messages_out_of_the_index()
    {
        await Storage.AppendAsync(Messages("c1"), [Message(1, "old words"), Message(2, "new words")]);
        await Storage.TruncateLogAsync(Messages("c1"), 1);

        Assert.Equal([2L], (await Search("words")).Select(h => h.Sequence));
    }

    [Fact]
    public async Task A_database_at_schema_version_4_gets_its_existing_messages_and_timelines_indexed()
    {
        await Storage.AppendAsync(TimelineOf("c1"), [Event(1, "queued", departmentId: "support")]);
        await Storage.AppendAsync(Messages("c1"), [Message(1, "backfilled words"), Entry(2, "not JSON")]);
        await Storage.AppendAsync(Messages("c1", "other"), [Message(1, "backfilled words")]);
        await Storage.DisposeAsync();
        await ExecuteSqlAsync(UndoSearch);
        Assert.Equal(4, await ReadSchemaVersionAsync());

        var upgraded = await OpenAsync();
        await upgraded.AppendAsync(Messages("c1"), [Message(3, "appended words")]);

        Assert.Equal(NewestSchemaVersion, await ReadSchemaVersionAsync());
        Assert.Equal([3L, 1L], (await Search("words")).Select(h => h.Sequence));
        Assert.Equal([1L], (await Search("backfilled", principals: [MessageSearchPrincipals.Department("support")])).Select(h => h.Sequence));
        Assert.Single(await Search("words", "other"));
    }
}
