using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>
/// A dialog as the routing sees it while it waits. <see cref="WaitingSince"/> is the ORIGINAL enqueue time: a transferred
/// or rescued dialog keeps it, so it goes ahead of newer ones and its tiers and skills stay widened (R12, R13).
/// It must not lie after the department's clock. <see cref="Sequence"/> breaks ties in arrival order and is assigned by
/// <see cref="WaitingQueue.Enqueue"/>; persist it to restore the exact order after a restart.
/// </summary>
public sealed record WaitingDialog(string Id, Priority Priority, DateTimeOffset WaitingSince, Channel Channel = Channel.Chat)
{
    /// <summary>Skills the dialog needs (all of them), until the department's skill widening delay passes.</summary>
    public IReadOnlyList<SkillRequirement> RequiredSkills { get; init; } = [];

    /// <summary>Operators who already dropped this dialog (declined, let the offer expire, rescued from): never offered again.</summary>
    public IReadOnlyList<string> SkippedOperators { get; init; } = [];

    public long Sequence { get; init; }

    public bool Skips(string operatorId)
    {
        var skipped = SkippedOperators;
        for (var i = 0; i < skipped.Count; i++)
            if (string.Equals(skipped[i], operatorId, StringComparison.Ordinal)) return true;
        return false;
    }
}
