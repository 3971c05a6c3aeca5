using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>The terms a new dialog opens with (issue 15): its priority and its first-response target, and the target's source.</summary>
public sealed record DialogTerms(Priority Priority, TimeSpan FirstResponseTarget, ResponseTargetSource FirstResponseTargetSource);

/// <summary>
/// Decides a new dialog's terms from its entry rule, its intake and its department:
/// <list type="bullet">
/// <item>priority: the higher of the intake's explicit priority and the rule's, so a rule raises a topic (a "complaint"
/// goes first) and may lower one the channel said nothing about, but never lowers what a channel set on purpose
/// (a CRM's VIP); neither set: <see cref="Priority.Normal"/>;</item>
/// <item>first-response target: the rule's, else the department's, else the channel's default
/// (<see cref="ResponseTargets.DefaultFor"/>), so every dialog has one.</item>
/// </list>
/// </summary>
public static class DialogTermsPolicy
{
    public static DialogTerms For(EntryRule? rule, Priority? intakePriority, TimeSpan? departmentTarget, Channel channel)
    {
        var priority = EffectivePriority(intakePriority, rule?.Priority);
        if (rule?.FirstResponseTarget is { } ruleTarget) return new(priority, ruleTarget, ResponseTargetSource.EntryRule);
        if (departmentTarget is { } target) return new(priority, target, ResponseTargetSource.Department);
        return new(priority, ResponseTargets.DefaultFor(channel), ResponseTargetSource.ChannelDefault);
    }

    public static Priority EffectivePriority(Priority? intake, Priority? rule) => (intake, rule) switch
    {
        ({ } given, { } ruled) => (int)given >= (int)ruled ? given : ruled,
        ({ } given, null) => given,
        (null, { } ruled) => ruled,
        _ => Priority.Normal,
    };
}
