using System.Text;

namespace Routing.Storage.Search;

/// <summary>
/// A search query as people type it (web search syntax, as PostgreSQL's websearch_to_tsquery reads it): words are all
/// required, "quoted words" must follow each other, OR between two terms takes either, -word excludes. Parsed here so
/// that both stores get an expression that cannot fail: SQLite's FTS5 gets every term as a quoted string (never its own
/// syntax), PostgreSQL gets the raw text for websearch_to_tsquery, which never raises on any input.
/// </summary>
public sealed class MessageSearchText
{
    public const int MaxLength = 200;
    public const int MaxTerms = 16;

    /// <summary>Marks where a matched word starts and ends in a stored snippet (control characters a message hardly has).</summary>
    public const char HighlightStart = '\u0001', HighlightEnd = '\u0002';

    private MessageSearchText(string raw, IReadOnlyList<IReadOnlyList<string>> required, IReadOnlyList<string> excluded)
    {
        Raw = raw;
        Required = required;
        Excluded = excluded;
    }

    /// <summary>The query as typed (trimmed).</summary>
    public string Raw { get; }

    /// <summary>Groups that must all match; each matches when any of its alternatives (a word or a phrase) does.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Required { get; }

    /// <summary>Words or phrases that must not occur.</summary>
    public IReadOnlyList<string> Excluded { get; }

    /// <summary>The query, or why it cannot be searched (empty, too long, only exclusions, no word at all).</summary>
    public static (MessageSearchText? Text, string? Problem) Parse(string? query)
    {
        var raw = query?.Trim() ?? "";
        if (raw.Length == 0) return (null, "q must not be empty");
        if (raw.Length > MaxLength) return (null, $"q must be at most {MaxLength} characters");
        if (raw.Any(c => char.IsControl(c))) return (null, "q must not contain control characters");
        var required = new List<List<string>>();
        var excluded = new List<string>();
        var orPending = false;
        foreach (var (term, negated, quoted) in Terms(raw))
        {
            if (!quoted && !negated && term.Equals("or", StringComparison.OrdinalIgnoreCase))
            {
                orPending = required.Count > 0;
                continue;
            }
            if (!term.Any(char.IsLetterOrDigit)) continue; // punctuation only: nothing to find
            if (negated) excluded.Add(term);
            else if (orPending) required[^1].Add(term);
            else required.Add([term]);
            orPending = false;
            if (required.Sum(g => g.Count) + excluded.Count > MaxTerms) return (null, $"q may have at most {MaxTerms} terms");
        }
        if (required.Count == 0)
            return (null, excluded.Count > 0 ? "q must have a word to find, not only words to exclude" : "q must have a word (letters or digits)");
        return (new MessageSearchText(raw, required, excluded), null);
    }

    /// <summary>The FTS5 expression: every term a quoted string (its own quotes doubled), so the user's text is never FTS5 syntax.</summary>
    public string Fts5Expression()
    {
        var all = string.Join(" AND ", Required.Select(g => "(" + string.Join(" OR ", g.Select(Quote)) + ")"));
        return "(" + all + ")" + string.Concat(Excluded.Select(e => " NOT " + Quote(e)));
    }

    private static string Quote(string term) => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Splits into terms: "a quoted phrase" or a run without white space; a leading '-' negates either.</summary>
    private static IEnumerable<(string Term, bool Negated, bool Quoted)> Terms(string raw)
    {
        var i = 0;
        while (i < raw.Length)
        {
            if (char.IsWhiteSpace(raw[i])) { i++; continue; }
            var negated = raw[i] == '-' && i + 1 < raw.Length && !char.IsWhiteSpace(raw[i + 1]);
            if (negated) i++;
            if (raw[i] == '"')
            {
                var end = raw.IndexOf('"', i + 1);
                if (end < 0) end = raw.Length; // an unclosed quote runs to the end, as websearch_to_tsquery reads it
                yield return (raw[(i + 1)..end], negated, true);
                i = end + 1;
                continue;
            }
            var word = new StringBuilder();
            while (i < raw.Length && !char.IsWhiteSpace(raw[i]) && raw[i] != '"') word.Append(raw[i++]);
            yield return (word.ToString(), negated, false);
        }
    }
}
