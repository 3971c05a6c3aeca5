namespace Routing.Grains.Policies;

/// <summary>The department chosen for a new conversation, and the index of the rule that matched (null: the default).</summary>
public sealed record EntryDecision(string DepartmentId, int? RuleIndex);
