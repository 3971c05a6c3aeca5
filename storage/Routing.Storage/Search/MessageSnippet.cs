namespace Routing.Storage.Search;

/// <summary>A snippet as clients get it: plain text, and where in it the matched words are.</summary>
public static class MessageSnippet
{
    /// <summary>Takes the highlight marks out of a stored snippet; returns the text and each match as (start, length) in it.</summary>
    public static (string Text, IReadOnlyList<(int Start, int Length)> Highlights) Split(string marked)
    {
        var text = new System.Text.StringBuilder(marked.Length);
        var highlights = new List<(int, int)>();
        var start = -1;
        foreach (var c in marked)
        {
            if (c == MessageSearchText.HighlightStart) start = text.Length;
            else if (c == MessageSearchText.HighlightEnd)
            {
                if (start >= 0 && text.Length > start) highlights.Add((start, text.Length - start));
                start = -1;
            }
            else text.Append(c);
        }
        return (text.ToString(), highlights);
    }
}
