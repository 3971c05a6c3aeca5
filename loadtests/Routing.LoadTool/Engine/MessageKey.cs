namespace Routing.LoadTool.Engine;

/// <summary>
/// Every message the tool sends starts with its key ("k:c17w.0 ..."), so whoever receives it knows which arrival and
/// which message it is without asking the engine: c = a customer's, r = an operator's reply; w = a widget watches.
/// </summary>
public static class MessageKey
{
    private const string Prefix = "k:";

    public static string Customer(long arrival, bool watched, int message) => $"c{arrival}{(watched ? "w" : "")}.{message}";

    /// <summary>The reply to a customer's message: the same arrival and number, r instead of c.</summary>
    public static string ReplyTo(string customerKey) => "r" + customerKey[1..];

    public static bool IsWatched(string key) => key.Contains("w.", StringComparison.Ordinal);

    public static string Text(string key, string words) => $"{Prefix}{key} {words}";

    /// <summary>The key a text starts with, or null for a text the tool did not write.</summary>
    public static string? Of(string? text)
    {
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var end = text.IndexOf(' ', Prefix.Length);
        return end < 0 ? text[Prefix.Length..] : text[Prefix.Length..end];
    }
}
