using Orleans;

namespace Routing.GrainInterfaces.Model;

/// <summary>
/// Load units one dialog of each text channel takes from an operator's capacity (R5, R8). Defaults: 1 each.
/// Voice is not listed: a call takes the whole operator. Set per department, overridden per operator.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.ChannelCosts")]
public sealed record ChannelCosts
{
    public static ChannelCosts Default { get; } = new();

    [Id(0)] public int Chat { get; init; } = 1;
    [Id(1)] public int Messenger { get; init; } = 1;
    [Id(2)] public int Social { get; init; } = 1;
    [Id(3)] public int Email { get; init; } = 1;

    /// <summary>Why these costs are invalid, or null: each cost is at least 1, so a dialog always takes room.</summary>
    public string? Problem() =>
        Chat < 1 || Messenger < 1 || Social < 1 || Email < 1 ? "every channel cost must be at least 1" : null;
}
