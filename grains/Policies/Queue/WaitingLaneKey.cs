using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>Which lane a dialog waits in: its channel and the canonical signature of its required skills.</summary>
internal readonly record struct WaitingLaneKey(Channel Channel, string SkillSignature)
{
    public static WaitingLaneKey Of(WaitingDialog dialog) => new(dialog.Channel, SkillMatch.Signature(dialog.RequiredSkills));
}
