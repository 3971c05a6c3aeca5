using System.Text.RegularExpressions;
using Routing.GrainInterfaces;
using Routing.Silo.Tests.Contracts;
using Routing.Silo.Tests.Deployment;

namespace Routing.Silo.Tests.Realtime;

/// <summary>
/// The `kind` of timeline rows and of conversation and operator change frames is part of the contract: every kind the
/// grains can record has a row in REALTIME.md's tables, every row is a kind they record, and grains name kinds only
/// through the constants (so the constants are the whole list).
/// </summary>
public sealed partial class ChangeKindsDocumentationTests
{
    [Theory]
    [InlineData(typeof(ConversationChangeKinds), "### Conversation change kinds")]
    [InlineData(typeof(OperatorChangeKinds), "### Operator change kinds")]
    public void Every_kind_has_a_row_in_its_table_and_every_row_is_a_kind(Type kinds, string heading)
    {
        var declared = StringConstants.Of(kinds).Order().ToList();
        var documented = TableKinds(heading).Order().ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(declared, documented);
    }

    [Fact]
    public void Grains_name_kinds_only_through_the_constants()
    {
        var literals = Directory.GetFiles(Repository.PathOf("grains/Grains"), "*.cs")
            .SelectMany(file => KindLiteral().Matches(File.ReadAllText(file)).Select(m => $"{Path.GetFileName(file)}: {m.Value}"))
            .ToList();

        Assert.True(literals.Count == 0, "kinds as literals: " + string.Join(Environment.NewLine, literals));
    }

    [Fact]
    public void The_message_kinds_are_the_ones_documented_as_message_only()
    {
        var messageOnly = TableKinds("### Conversation change kinds", row => row.Contains("(message only)", StringComparison.Ordinal));

        Assert.Equal(messageOnly.Order(), TableKinds("### Conversation change kinds").Where(ConversationChangeKinds.IsMessage).Order());
        Assert.Equal(4, messageOnly.Count);
    }

    /// <summary>The first-column kinds of the table under <paramref name="heading"/> (up to the next heading).</summary>
    private static List<string> TableKinds(string heading, Func<string, bool>? rowFilter = null)
    {
        var documentation = File.ReadAllText(Repository.PathOf("client-api/REALTIME.md"));
        var start = documentation.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"REALTIME.md has no '{heading}'");
        var body = documentation[(start + heading.Length)..];
        var end = body.IndexOf("\n#", StringComparison.Ordinal);
        return TableRow().Matches(end < 0 ? body : body[..end])
            .Where(m => rowFilter?.Invoke(m.Value) ?? true).Select(m => m.Groups["kind"].Value).ToList();
    }

    [GeneratedRegex("""^\| `(?<kind>[a-z][a-z-]*)` \|.*$""", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    // A kind passed as a literal where grains record or publish one: Record("x", Commit("x", Requeued(.., "x"),
    // new ConversationMove(.., "x", ..), ToOperator(.., "x", ..), or a ternary choosing between literals for them.
    [GeneratedRegex("""\b(?:Record|Commit|Requeued|ConversationMove|ToOperator|AssignByHand)\([^;{]*?"[a-z][a-z-]*"|TimelineKind = "|var kind = [^;]*"[a-z]""")]
    private static partial Regex KindLiteral();
}
