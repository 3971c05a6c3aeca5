using Orleans;
using Routing.GrainInterfaces.Events;
using Routing.GrainInterfaces.Model;

namespace Routing.GrainInterfaces;

/// <summary>A department's configuration (R4): its routing rules and the time zone its entry-rule hours are read in.</summary>
[GenerateSerializer, Immutable, Alias("routing.DepartmentConfig")]
public sealed record DepartmentConfig
{
    [Id(0)] public string Name { get; init; } = "";
    [Id(1)] public RoutingSettings Routing { get; init; } = RoutingSettings.Default;
    [Id(2)] public string TimeZoneId { get; init; } = "UTC";

    /// <summary>Offer mode (R11): the operator must accept within <see cref="AcceptTimeout"/>; else the dialog moves on.</summary>
    [Id(3)] public bool OfferMode { get; init; }
    [Id(4)] public TimeSpan AcceptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an operator keeps a dialog on average: the expected wait's fallback without a recent rate (R16).</summary>
    [Id(5)] public TimeSpan? AverageHandleTime { get; init; }

    /// <summary>
    /// R15: a dialog that arrives while no operator of the department is online becomes an offline request (the
    /// customer is told to expect an answer later). It still waits in the queue, so nothing is dropped.
    /// </summary>
    [Id(6)] public bool OfflineRequestsWhenNobodyOnline { get; init; }

    /// <summary>R7: a bot answers first; the dialog reaches the queue only when handed over to a human.</summary>
    [Id(7)] public bool BotFirst { get; init; }

    /// <summary>Chat rescue (R13); null: an assigned dialog stays with its operator however long the customer waits.</summary>
    [Id(8)] public RescueSettings? Rescue { get; init; }

    /// <summary>
    /// SLA (R13): the first operator reply is due this long after the dialog was opened; an entry rule's target overrides
    /// it. Null: the channel's default (<see cref="ResponseTargets.DefaultFor"/>: 60 s live, 20 s voice, 4 h e-mail).
    /// </summary>
    [Id(9)] public TimeSpan? FirstResponseTarget { get; init; }

    /// <summary>Closes a dialog whose customer stays silent this long after the operator's last reply; null: never.</summary>
    [Id(10)] public TimeSpan? InactivityCloseAfter { get; init; }

    /// <summary>Opening hours (R15); null: always open. Outside them a new dialog is told the next opening time.</summary>
    [Id(11)] public BusinessHours? Hours { get; init; }

    /// <summary>Outside <see cref="Hours"/> a new dialog becomes an offline request (it still waits in the queue).</summary>
    [Id(12)] public bool OfflineRequestsOutsideHours { get; init; }

    /// <summary>Customer rating after the close (R19): the scale, 2, 3 or 5; null: no rating is asked for.</summary>
    [Id(13)] public int? RatingScale { get; init; }

    /// <summary>A rating is asked for only after at least this many stored messages (and an operator's reply).</summary>
    [Id(14)] public int RatingPromptAfterMessages { get; init; }

    /// <summary>
    /// While the dialog is open, the customer is asked for a rating once its N-th message is stored and an operator
    /// wrote into it (default 5, as Jivo; 0: never before the close). Needs <see cref="RatingScale"/>.
    /// </summary>
    [Id(15)] public int RatingPromptAtMessage { get; init; } = DefaultRatingPromptAtMessage;

    public const int DefaultRatingPromptAtMessage = 5;

    /// <summary>
    /// Automatic (the router assigns) or Pull (dialogs wait until an operator takes one from their Incoming).
    /// </summary>
    [Id(16)] public DialogDistribution Distribution { get; init; } = DialogDistribution.Automatic;

    /// <summary>Callback requests (issue 15): attempts, the delay between them, expiry without a window; null: the defaults.</summary>
    [Id(40)] public CallbackSettings? Callbacks { get; init; }

    /// <summary>The timers (and rating settings) a conversation runs with while it belongs to this department.</summary>
    public DialogTimers Timers() => new(Rescue, FirstResponseTarget, InactivityCloseAfter)
    {
        Rating = RatingScale is { } scale ? new RatingSettings(scale, RatingPromptAfterMessages) { PromptAtMessage = RatingPromptAtMessage } : null,
    };

    public string? Problem() =>
        Routing.Problem()
        ?? new BusinessHours { TimeZoneId = TimeZoneId }.Problem()
        ?? Rescue?.Problem()
        ?? (RatingScale is { } scale ? new RatingSettings(scale, RatingPromptAfterMessages).Problem() : null)
        ?? (RatingPromptAfterMessages is < 0 or > RatingSettings.MaxPromptAfterMessages
            ? $"rating prompt after messages must be between 0 and {RatingSettings.MaxPromptAfterMessages}" : null)
        ?? (RatingPromptAtMessage is < 0 or > RatingSettings.MaxPromptAfterMessages
            ? $"rating prompt at message must be between 0 and {RatingSettings.MaxPromptAfterMessages}" : null)
        ?? Hours?.Problem()
        ?? Callbacks?.Problem()
        ?? (FirstResponseTarget is { } sla ? ResponseTargets.Problem(sla) : null)
        ?? (InactivityCloseAfter is { } idle && idle < TimeSpan.FromSeconds(1) ? "inactivity close must be at least 1 s" : null)
        ?? (OfferMode && AcceptTimeout < TimeSpan.FromSeconds(1) ? "accept timeout must be at least 1 s (deadlines have second precision)" : null);
}

/// <summary>An operator's configuration (R5): capacity, per-channel costs, skills (1-5) and departments with a tier.</summary>
[GenerateSerializer, Immutable, Alias("routing.OperatorProfile")]
public sealed record OperatorProfile
{
    [Id(0)] public int Capacity { get; init; } = 1;
    [Id(1)] public ChannelCosts Costs { get; init; } = ChannelCosts.Default;
    [Id(2)] public IReadOnlyDictionary<string, int> Skills { get; init; } = new Dictionary<string, int>();
    [Id(3)] public IReadOnlyList<DepartmentMembership> Departments { get; init; } = [];

    public string? Problem()
    {
        if (Capacity < 1) return "capacity must be at least 1";
        if (Costs.Problem() is { } costs) return costs;
        foreach (var (skill, level) in Skills)
            if (new SkillRequirement(skill, level).Problem() is { } problem) return problem;
        foreach (var membership in Departments)
            if (membership.Tier < 1) return $"department '{membership.DepartmentId}': tier {membership.Tier} is below 1";
        if (Departments.Select(d => d.DepartmentId).Distinct().Count() != Departments.Count) return "a department is listed twice";
        return null;
    }
}

/// <summary>The per-dialog timers of a department (R13): rescue, first-response SLA, inactivity close.</summary>
[GenerateSerializer, Immutable, Alias("routing.DialogTimers")]
public sealed record DialogTimers(RescueSettings? Rescue, TimeSpan? FirstResponseTarget, TimeSpan? InactivityCloseAfter)
{
    /// <summary>The department's rating settings (R19), carried with the timers; null: no rating is asked for.</summary>
    [Id(0)] public RatingSettings? Rating { get; init; }

    public static DialogTimers None { get; } = new(null, null, null);
}

/// <summary>What intake needs from the workspace to pick a department (R7).</summary>
[GenerateSerializer, Immutable, Alias("routing.EntryConfig")]
public sealed record EntryConfig(EntryRouting Routing, IReadOnlyDictionary<string, string> DepartmentTimeZones)
{
    [Id(0)] public IReadOnlyList<string> BotFirstDepartments { get; init; } = [];

    /// <summary>Each department's dialog timers, set on the conversation when it opens.</summary>
    [Id(1)] public IReadOnlyDictionary<string, DialogTimers> DepartmentTimers { get; init; } = new Dictionary<string, DialogTimers>();
}

/// <summary>Published on "workspace:{ws}" when a department or an operator is configured.</summary>
[GenerateSerializer, Immutable, Alias("routing.WorkspaceChanged")]
public sealed record WorkspaceChanged(string Kind, string? DepartmentId, string? OperatorId) : IGrainEventPayload;
