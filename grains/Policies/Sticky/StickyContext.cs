namespace Routing.Grains.Policies;

/// <summary>What sticky routing (R9) knows about a customer: their personal manager, and who served them last and when.</summary>
public sealed record StickyContext
{
    public string? PersonalManagerId { get; init; }
    public string? LastOperatorId { get; init; }

    /// <summary>When the customer's previous conversation with <see cref="LastOperatorId"/> ended (or last had a message).</summary>
    public DateTimeOffset? LastContactAt { get; init; }
}
