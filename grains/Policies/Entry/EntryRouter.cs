using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>
/// Entry routing (R7): the first rule whose every non-empty condition matches chooses the department; none matching,
/// the default department. A rule's hours are read on the wall clock of the department it routes to, so
/// "weekdays 09:00-18:00" follows that department's DST changes.
/// </summary>
public static class EntryRouter
{
    /// <param name="departmentZone">The time zone of a department (see <see cref="TimeZones.Find"/>); asked only for rules with hours.</param>
    public static EntryDecision Choose(
        EntryRouting routing, EntryFacts facts, DateTimeOffset now, Func<string, TimeZoneInfo> departmentZone)
    {
        for (var i = 0; i < routing.Rules.Count; i++)
            if (Matches(routing.Rules[i], facts, now, departmentZone)) return new EntryDecision(routing.Rules[i].DepartmentId, i);
        return new EntryDecision(routing.DefaultDepartmentId, null);
    }

    public static bool Matches(EntryRule rule, EntryFacts facts, DateTimeOffset now, Func<string, TimeZoneInfo> departmentZone) =>
        (rule.Channels.Count == 0 || rule.Channels.Contains(facts.Channel))
        && (rule.Topics.Count == 0 || (facts.Topic is { } topic && rule.Topics.Any(t => string.Equals(t, topic, StringComparison.OrdinalIgnoreCase))))
        && (rule.Languages.Count == 0 || (facts.Language is { } language && rule.Languages.Any(l => LanguageMatches(l, language))))
        && rule.Attributes.All(required => facts.Attributes.TryGetValue(required.Key, out var value) && value == required.Value)
        && (rule.Hours.Count == 0 || WeeklyIntervals.AnyContains(rule.Hours, TimeZones.WallClock(departmentZone(rule.DepartmentId), now)));

    /// <summary>"en" matches "en", "EN" and "en-GB"; "en-GB" matches only "en-GB" (case-insensitive).</summary>
    public static bool LanguageMatches(string ruleLanguage, string language) =>
        string.Equals(ruleLanguage, language, StringComparison.OrdinalIgnoreCase)
        || (language.Length > ruleLanguage.Length
            && language[ruleLanguage.Length] == '-'
            && language.StartsWith(ruleLanguage, StringComparison.OrdinalIgnoreCase));
}
