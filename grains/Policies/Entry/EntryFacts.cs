using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>What entry rules (R7) look at in a new conversation: channel, topic, language (BCP 47) and customer attributes.</summary>
public sealed record EntryFacts(Channel Channel)
{
    private static readonly IReadOnlyDictionary<string, string> NoAttributes = new Dictionary<string, string>();

    public string? Topic { get; init; }
    public string? Language { get; init; }
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = NoAttributes;

    /// <summary>The customer's stored attributes with the message's on top (a key in both: the message's value).</summary>
    public static IReadOnlyDictionary<string, string> Overlay(IReadOnlyDictionary<string, string> stored, IReadOnlyDictionary<string, string> message)
    {
        if (stored.Count == 0) return message;
        if (message.Count == 0) return stored;
        var merged = new Dictionary<string, string>(stored, StringComparer.Ordinal);
        foreach (var (key, value) in message) merged[key] = value;
        return merged;
    }
}
