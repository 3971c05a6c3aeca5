using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>
/// What a department knows about one of its operators, as routing sees it: an immutable snapshot the department
/// replaces (<c>with</c>) on every status, load or assignment change. <see cref="Tier"/> is the tier in this department.
/// Defaults: offline, tier 1, no skills, capacity 1, default channel costs.
/// </summary>
public sealed record RoutingOperator(string Id)
{
    private static readonly IReadOnlyDictionary<string, int> NoSkills = new Dictionary<string, int>();

    public OperatorStatus Status { get; init; } = OperatorStatus.Offline;
    public int Tier { get; init; } = 1;

    /// <summary>Skill name to level (1-5).</summary>
    public IReadOnlyDictionary<string, int> Skills { get; init; } = NoSkills;

    /// <summary>Load units in use (sum of the costs of the operator's active dialogs, in every department).</summary>
    public int Load { get; init; }
    public int Capacity { get; init; } = 1;
    public bool ActiveVoice { get; init; }

    /// <summary>Effective channel costs: the operator's own, else the department's.</summary>
    public ChannelCosts Costs { get; init; } = ChannelCosts.Default;

    /// <summary>When the operator last became available (came online, back from a break).</summary>
    public DateTimeOffset AvailableSince { get; init; }

    /// <summary>When the operator last got a dialog; null if never.</summary>
    public DateTimeOffset? LastAssignedAt { get; init; }

    /// <summary>Idle since the later of the last assignment and becoming available (longest idle and least-loaded ties).</summary>
    public DateTimeOffset IdleSince =>
        LastAssignedAt is { } assigned && assigned > AvailableSince ? assigned : AvailableSince;

    /// <summary>Whether any dialog could fit right now (online and some free capacity): membership of the available index.</summary>
    public bool IsAvailable =>
        Status == OperatorStatus.Online && CapacityPolicy.HasFreeCapacity(Load, ActiveVoice, Capacity);

    /// <summary>Available and with nothing at all: the operators who can take a voice call.</summary>
    public bool IsFullyIdle => IsAvailable && Load == 0;
}
