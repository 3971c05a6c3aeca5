using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>What entry rules (R7) look at in a new conversation: channel, topic, language (BCP 47) and customer attributes.</summary>
public sealed record EntryFacts(Channel Channel)
{
    private static readonly IReadOnlyDictionary<string, string> NoAttributes = new Dictionary<string, string>();

    public string? Topic { get; init; }
    public string? Language { get; init; }
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = NoAttributes;
}
