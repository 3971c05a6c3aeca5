namespace Routing.Grains.Tests.Policies;

/// <summary>Small builders so each test states only what matters to it.</summary>
internal static class Given
{
    public static readonly DateTimeOffset T0 = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    public static RoutingOperator Operator(
        string id,
        int load = 0,
        int capacity = 3,
        int tier = 1,
        OperatorStatus status = OperatorStatus.Online,
        double availableSince = 0,
        double? lastAssigned = null,
        IReadOnlyDictionary<string, int>? skills = null,
        bool activeVoice = false) =>
        new(id)
        {
            Status = status,
            Load = load,
            Capacity = capacity,
            Tier = tier,
            AvailableSince = At(availableSince),
            LastAssignedAt = lastAssigned is { } seconds ? At(seconds) : null,
            Skills = skills ?? new Dictionary<string, int>(),
            ActiveVoice = activeVoice,
        };

    public static WaitingDialog Dialog(
        string id, Priority priority = Priority.Normal, double since = 0, Channel channel = Channel.Chat) =>
        new(id, priority, At(since), channel);

    public static Dictionary<string, int> Skills(params (string Skill, int Level)[] skills) =>
        skills.ToDictionary(s => s.Skill, s => s.Level);

    public static SkillRequirement[] Requires(params (string Skill, int Level)[] skills) =>
        [.. skills.Select(s => new SkillRequirement(s.Skill, s.Level))];

    /// <summary>Tier 1 at once, tier 2 after 30 s, tier 3 after 90 s; skills dropped after 60 s.</summary>
    public static readonly RoutingSettings Tiered = new()
    {
        TierSteps = [new TierStep(1, TimeSpan.Zero), new TierStep(2, TimeSpan.FromSeconds(30)), new TierStep(3, TimeSpan.FromSeconds(90))],
        SkillWideningAfter = TimeSpan.FromSeconds(60),
    };
}
