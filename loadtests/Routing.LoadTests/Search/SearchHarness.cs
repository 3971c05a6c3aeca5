using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Routing.GrainInterfaces;
using Routing.Grains.State;
using Routing.LoadTests.Reporting;
using Routing.Storage;
using Routing.Storage.PostgreSql;
using Routing.Storage.Search;
using Routing.Storage.Sqlite;
using Routing.Testing;

namespace Routing.LoadTests.Search;

/// <summary>
/// Message search (issue 15) on SQLite and PostgreSQL: a store filled with N messages (default 1,000,000) through the
/// store's group commit, as the conversation grain appends them (so the index triggers run as in production), across
/// 100 workspaces (one of them holds half of all messages: the worst case for a search scoped to it), 10 messages per
/// conversation of words drawn from a Zipf-distributed vocabulary; then each kind of query, first page of 20, timed
/// many times in the big workspace and in a small one: median and p99.
/// </summary>
internal static class SearchHarness
{
    private const int MessagesPerConversation = 10, Workspaces = 100, PageSize = 20;
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>What people type: a rare word, a middling one, a common one, two words, a phrase, an alternative, an exclusion.</summary>
    private static readonly (string Name, string Query)[] Queries =
    [
        ("rare word", Vocabulary.Word(1500)), ("middling word", Vocabulary.Word(150)), ("common word", Vocabulary.Word(8)),
        ("two words", $"{Vocabulary.Word(60)} {Vocabulary.Word(90)}"), ("phrase", $"\"{Vocabulary.Word(20)} {Vocabulary.Word(21)}\""),
        ("a OR b", $"{Vocabulary.Word(400)} OR {Vocabulary.Word(401)}"), ("word -word", $"{Vocabulary.Word(30)} -{Vocabulary.Word(5)}"),
    ];

    public static async Task RunAsync(LoadTestOptions options)
    {
        var messages = options.Dialogs ?? (options.Quick ? 20_000 : 1_000_000);
        var runs = options.Rounds ?? (options.Quick ? 5 : 50);
        foreach (var storage in options.Storages ?? ["sqlite", "postgresql"])
        {
            if (storage == "postgresql") await OnPostgreSqlAsync(messages, runs);
            else await OnSqliteAsync(messages, runs);
        }
    }

    private static async Task OnSqliteAsync(int messages, int runs)
    {
        var directory = Path.Combine(Path.GetTempPath(), "routing-search-load-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new SqliteGrainStorageOptions { DatabasePath = Path.Combine(directory, "routing.db") };
            await using (var store = new SqliteGrainStorage(options)) await FillAsync("SQLite", store, messages);
            await MeasureAsync("SQLite", new SqliteMessageSearchStore(options), messages, runs);
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task OnPostgreSqlAsync(int messages, int runs)
    {
        var server = await PostgresServer.GetSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("search_load");
        try
        {
            var options = new PostgreSqlGrainStorageOptions { ConnectionString = connectionString };
            await using (var store = new PostgreSqlGrainStorage(options)) await FillAsync("PostgreSQL", store, messages);
            await using var search = new PostgreSqlMessageSearchStore(options);
            await MeasureAsync("PostgreSQL", search, messages, runs);
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>Workspace of conversation c: every other conversation is in "big", the rest spread over 99 small ones.</summary>
    private static string WorkspaceOf(int c) => c % 2 == 0 ? "big" : $"ws{c % (Workspaces - 1)}";

    private static async Task FillAsync(string name, IDurableStore store, int messages)
    {
        await store.InitializeAsync();
        var conversations = messages / MessagesPerConversation;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, conversations), new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (c, _) =>
        {
            var key = RoutingKeys.Conversation(WorkspaceOf(c), $"c{c}");
            var random = new Random(c);
            await store.AppendAsync(new GrainLogKey("conversation", key, "timeline"), [new LogEntry(1, JsonSerializer.SerializeToUtf8Bytes(
                new TimelineEvent(1, ConversationChangeKinds.Queued, Start, null, $"d{c % 10}", "Chat"), GrainStateJsonContext.Default.TimelineEvent))]);
            var entries = Enumerable.Range(1, MessagesPerConversation).Select(s => new LogEntry(s, JsonSerializer.SerializeToUtf8Bytes(
                new ConversationMessage($"c{c}", s, s % 2 == 1 ? MessageAuthor.Customer : MessageAuthor.Operator, s % 2 == 1 ? null : $"op{c % 50}",
                    Vocabulary.Sentence(random), Start.AddSeconds(c * 10L + s)), GrainStateJsonContext.Default.ConversationMessage))).ToList();
            await store.AppendAsync(new GrainLogKey("conversation", key, "messages"), entries);
        });
        watch.Stop();
        Console.WriteLine($"search fill ({name}): {conversations * MessagesPerConversation:N0} messages in {conversations:N0} conversations of {Workspaces} workspaces "
            + $"appended and indexed in {watch.Elapsed.TotalSeconds:0.0} s ({conversations * MessagesPerConversation / watch.Elapsed.TotalSeconds:N0} messages/s)");
    }

    private static async Task MeasureAsync(string name, IMessageSearchStore search, int messages, int runs)
    {
        // The baseline, in the same run: every match ranked, as before the bound (fewer runs: a common word takes seconds).
        var baselineRuns = Math.Min(runs, 10);
        var table = new MarkdownTable("workspace (messages)", "scope", "query", "hits on page", "median ms", "p99 ms", "every match ranked: median ms", "ratio");
        var all = new List<double>();
        foreach (var (workspace, size) in new[] { ("big", messages / 2), ("ws7", messages / 2 / (Workspaces - 1)) })
            foreach (var (scope, principals) in new (string, IReadOnlyList<string>?)[] { ("supervisor", null), ("operator of d4", [MessageSearchPrincipals.Department("d4"), MessageSearchPrincipals.Operator("op4")]) })
                foreach (var (queryName, q) in Queries)
                {
                    var query = new MessageSearchQuery(workspace, MessageSearchText.Parse(q).Text!, principals, 0, PageSize + 1);
                    var hits = (await search.SearchAsync(query)).Count; // warm-up: the first read of pages from disk is not what people wait for twice
                    var times = await TimeAsync(search, query, runs);
                    var unbounded = await TimeAsync(search, query with { RankedCandidates = int.MaxValue }, baselineRuns);
                    all.AddRange(times);
                    table.Add($"{workspace} ({size:N0})", scope, $"{queryName}: {q}", Math.Min(hits, PageSize).ToString(), $"{Median.Of(times):0.0}", $"{Percentile(times, 0.99):0.0}",
                        $"{Median.Of(unbounded):0.0}", $"{Median.Of(times) / Median.Of(unbounded):0.00}");
                }
        Console.WriteLine($"search latency ({name}, {messages:N0} messages, first page of {PageSize}, newest {MessageSearchQuery.DefaultRankedCandidates:N0} matches ranked, "
            + $"{runs} runs per query after one warm-up; every match ranked: {baselineRuns} runs):");
        Console.WriteLine(table);
        Console.WriteLine($"search latency ({name}) over every query: median {Median.Of(all):0.0} ms, p99 {Percentile(all, 0.99):0.0} ms");
    }

    private static async Task<List<double>> TimeAsync(IMessageSearchStore search, MessageSearchQuery query, int runs)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await search.SearchAsync(query);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    /// <summary>2,000 made-up words, ranked: word i is drawn with probability ∝ 1 / (i + 1) (Zipf), as words are in text.</summary>
    private static class Vocabulary
    {
        private const int Size = 2000;
        private static readonly double[] Cumulative = Build();

        public static string Word(int rank)
        {
            // Pronounceable and unique: two syllables per base-20 digit of the rank.
            const string consonants = "bdfgklmnprstvz", vowels = "aeiou";
            var word = new StringBuilder();
            var n = rank + 21;
            for (; n > 0; n /= 20) word.Append(consonants[n % 20 % consonants.Length]).Append(vowels[n % 20 / consonants.Length]);
            return word.ToString();
        }

        public static string Sentence(Random random)
        {
            var length = random.Next(6, 26);
            return string.Join(' ', Enumerable.Range(0, length).Select(_ => Words[Draw(random)]));
        }

        private static readonly string[] Words = Enumerable.Range(0, Size).Select(Word).ToArray();

        private static int Draw(Random random)
        {
            var index = Array.BinarySearch(Cumulative, random.NextDouble() * Cumulative[^1]);
            return Math.Min(Size - 1, index < 0 ? ~index : index);
        }

        private static double[] Build()
        {
            var cumulative = new double[Size];
            var sum = 0.0;
            for (var i = 0; i < Size; i++) cumulative[i] = sum += 1.0 / (i + 1);
            return cumulative;
        }
    }
}
