using Routing.Storage.Search;

namespace Routing.Storage.Tests;

public sealed class MessageSearchTextTests
{
    [Theory]
    [InlineData(null, "q must not be empty")]
    [InlineData("   ", "q must not be empty")]
    [InlineData("-refund", "q must have a word to find, not only words to exclude")]
    [InlineData("?! ... \"\" OR", "q must have a word (letters or digits)")]
    [InlineData("a\u0001b", "q must not contain control characters")]
    public void Queries_with_nothing_to_find_are_refused_with_the_reason(string? q, string problem)
    {
        Assert.Equal((null, problem), MessageSearchText.Parse(q) is var (text, why) ? (text, why) : default);
    }

    [Fact]
    public void Too_long_or_too_many_terms_are_refused()
    {
        Assert.NotNull(MessageSearchText.Parse(new string('a', MessageSearchText.MaxLength)).Text);
        Assert.Equal("q must be at most 200 characters", MessageSearchText.Parse(new string('a', MessageSearchText.MaxLength + 1)).Problem);
        Assert.Equal("q may have at most 16 terms", MessageSearchText.Parse(string.Join(' ', Enumerable.Range(0, 17).Select(i => "w" + i))).Problem);
    }

    [Fact]
    public void Words_phrases_alternatives_and_exclusions_become_quoted_fts5_terms()
    {
        var text = MessageSearchText.Parse("  card \"was declined\" cash or check -refund -\"gift card\" ").Text!;

        Assert.Equal("card \"was declined\" cash or check -refund -\"gift card\"", text.Raw);
        Assert.Equal("((\"card\") AND (\"was declined\") AND (\"cash\" OR \"check\")) NOT \"refund\" NOT \"gift card\"", text.Fts5Expression());
    }

    [Fact]
    public void Quotes_inside_a_term_are_doubled_so_fts5_never_sees_its_own_syntax()
    {
        Assert.Equal("((\"a\") AND (\"b*\") AND (\"NEAR(c\"))", MessageSearchText.Parse("a\"b*\" NEAR(c").Text!.Fts5Expression());
        Assert.Equal("((\"x\") AND (\"y z\"))", MessageSearchText.Parse("x \"y z").Text!.Fts5Expression()); // an unclosed quote runs to the end
    }

    [Fact]
    public void Snippets_lose_their_marks_and_say_where_the_matches_are()
    {
        var (text, highlights) = MessageSnippet.Split("your \u0001order\u0002 ships, \u0001order\u0002 again");

        Assert.Equal("your order ships, order again", text);
        Assert.Equal([(5, 5), (18, 5)], highlights);
    }
}
