using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Contracts;

/// <summary>A contract value with the type a grain method declares for it (the type Orleans serializes it as).</summary>
public abstract record ContractSample(string Name)
{
    public abstract object Value { get; }

    /// <summary>The value after Orleans' serializer and after its deep copier, each as the declared type.</summary>
    public abstract (object? Deserialized, object? Copied) RoundTrip();

    public override string ToString() => Name;
}

public sealed record ContractSample<T>(string Name, T Declared) : ContractSample(Name) where T : notnull
{
    public override object Value => Declared;

    public override (object? Deserialized, object? Copied) RoundTrip() =>
        (OrleansSerialization.RoundTrip(Declared), OrleansSerialization.Copy(Declared));
}

/// <summary>
/// One representative value of each main contract, every member set to something other than its default, built as the
/// grains build them (collection expressions, so some lists are the compiler's own read-only types).
/// </summary>
public static class ContractSamples
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 28, 9, 30, 15, 123, TimeSpan.FromHours(1));

    private static readonly RescueSettings Rescue = new()
    {
        After = TimeSpan.FromSeconds(90), WarningLead = TimeSpan.FromSeconds(20), RetryLimit = 2, FallbackDepartmentId = "escalations",
    };

    private static readonly DialogTimers Timers =
        new(Rescue, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(30)) { Rating = new RatingSettings(5, 3) };

    private static readonly AttachmentMetadata[] Attachments =
        [new("bill.pdf", "application/pdf", 52_000, "https://files.example/bill.pdf"), new("photo.jpg", "image/jpeg", 1_200)];

    public static readonly ConversationView Conversation = new("c-1")
    {
        CustomerId = "cust-1", ExternalId = "visitor-1", OpeningClientMessageId = "widget-msg-1", Status = ConversationStatus.Assigned,
        Channel = Channel.Messenger, DepartmentId = "support", Priority = Priority.Vip, OperatorId = "ann", MessageCount = 7,
        LastCustomerMessageAt = T0.AddMinutes(3), CreatedAt = T0, WaitingSince = T0.AddSeconds(5), TimelineLength = 12,
        MessagesLength = 7, OfflineRequest = true, Timers = Timers, Unanswered = true, AwaitingReplySince = T0.AddMinutes(3),
        RescueWarnedFor = T0.AddMinutes(1), RescueCount = 2, DroppedBy = ["bob", "carl"], LastOperatorMessageAt = T0.AddMinutes(2),
        FirstResponseAt = T0.AddMinutes(1), LastMoveId = "move-4", SlaDueAt = T0.AddMinutes(2), SlaBreached = true,
        LastRepliedBy = "ann", RatingScale = 5, RatingOperatorId = "ann",
        Rating = new ConversationRating(4, 5, "quick and kind", "ann", T0.AddHours(1)), RatingDelivered = true,
        FirstResponseTarget = TimeSpan.FromMinutes(2), FirstResponseTargetSource = ResponseTargetSource.EntryRule,
    };

    private static readonly WorkSchedule Schedule = new()
    {
        TimeZoneId = "Europe/Berlin",
        Shifts = [new(DayOfWeek.Monday, new TimeOnly(9, 0), TimeSpan.FromHours(8)), new(DayOfWeek.Friday, new TimeOnly(22, 0), TimeSpan.FromHours(9))],
        Exceptions = [ScheduleException.DayOff(new DateOnly(2025, 12, 24)), ScheduleException.ExtraShift(new DateOnly(2025, 12, 27), new TimeOnly(18, 0), TimeSpan.FromHours(2))],
        GracePeriod = TimeSpan.FromMinutes(10), LatenessAlertAfter = TimeSpan.FromMinutes(5),
    };

    private static readonly OperatorProfile Profile = new()
    {
        Capacity = 4, Costs = new ChannelCosts { Chat = 1, Messenger = 2, Social = 3, Email = 4 },
        Skills = new Dictionary<string, int> { ["billing"] = 3, ["lang:de"] = 5 },
        Departments = [new("support"), new("sales", 2)],
    };

    public static readonly OperatorSnapshot Operator = new("ann")
    {
        Version = 42, Status = OperatorStatus.WrappingUp, Profile = Profile, Load = 3, ActiveVoice = true, AvailableSince = T0,
        LastAssignedAt = T0.AddMinutes(4), Active = [new("c-1", "support", Channel.Chat, 1) { Forced = true, ByHand = true }, new("c-2", "sales", Channel.Email, 2)],
        Schedule = Schedule, ShiftEndsAt = T0.AddHours(8), HandOverAt = T0.AddHours(8).AddMinutes(10),
    };

    private static readonly WeeklyInterval[] OfficeHours = [new(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(17, 0)), new(DayOfWeek.Friday, new TimeOnly(22, 0), new TimeOnly(2, 0))];

    public static readonly DepartmentConfig Department = new()
    {
        Name = "Support", TimeZoneId = "Europe/Berlin", OfferMode = true, AcceptTimeout = TimeSpan.FromSeconds(45),
        AverageHandleTime = TimeSpan.FromMinutes(5), OfflineRequestsWhenNobodyOnline = true, BotFirst = true, Rescue = Rescue,
        FirstResponseTarget = TimeSpan.FromMinutes(2), InactivityCloseAfter = TimeSpan.FromMinutes(30),
        Hours = new BusinessHours { TimeZoneId = "Europe/Berlin", Intervals = OfficeHours }, OfflineRequestsOutsideHours = true,
        RatingScale = 3, RatingPromptAfterMessages = 4,
        Routing = new RoutingSettings
        {
            Strategy = RoutingStrategy.RoundRobin, TierSteps = [new(1, TimeSpan.Zero), new(2, TimeSpan.FromSeconds(30))],
            SkillWideningAfter = TimeSpan.FromMinutes(1), StickyReturnWindow = TimeSpan.FromHours(12), MaxStickyWait = TimeSpan.FromSeconds(20),
        },
    };

    private static readonly EntryRouting Entry = new("support")
    {
        Rules =
        [
            new("billing")
            {
                Channels = [Channel.Email, Channel.Chat], Topics = ["invoice"], Languages = ["de"],
                Attributes = new Dictionary<string, string> { ["plan"] = "gold" }, Hours = OfficeHours,
                Priority = Priority.Urgent, FirstResponseTarget = TimeSpan.FromSeconds(30),
            },
            new("sales"),
        ],
    };

    private static readonly WaitingDialogView Waiting = new("c-3", Priority.Urgent, T0, ["bob"]) { HeldFor = "ann", HeldUntil = T0.AddSeconds(60) };

    public static readonly IReadOnlyList<ContractSample> All =
    [
        new ContractSample<ConversationView>("conversation view", Conversation),
        new ContractSample<IReadOnlyList<TimelineEvent>>("timeline",
            [new(1, ConversationChangeKinds.Queued, T0, DepartmentId: "support") { FirstResponseTarget = TimeSpan.FromSeconds(30) }, new(2, ConversationChangeKinds.Assigned, T0.AddSeconds(5), "ann", "support", "least loaded")]),
        new ContractSample<IReadOnlyList<ConversationMessage>>("messages",
        [
            new("c-1", 1, MessageAuthor.Customer, null, "Hello", T0) { Attachments = Attachments, ClientMessageId = "widget-msg-1" },
            new("c-1", 2, MessageAuthor.Supervisor, "sup-key", "I am looking into it", T0.AddMinutes(1)),
        ]),
        new ContractSample<OperatorSnapshot>("operator snapshot", Operator),
        new ContractSample<ReserveResult>("reserve result", new ReserveResult(true, Operator)),
        new ContractSample<OperatorSnapshot>("blocked operator snapshot", Operator with { Blocked = true, Status = OperatorStatus.Offline }),
        new ContractSample<OperatorBlock>("operator block", new OperatorBlock("lost phone", T0)),
        new ContractSample<IReadOnlyDictionary<string, OperatorBlock>>("operator blocks", new Dictionary<string, OperatorBlock> { ["ann"] = new("dismissed", T0) }),
        new ContractSample<OperatorAccess>("operator access", OperatorAccess.Blocked),
        new ContractSample<SeatsView>("seats view", new SeatsView(10, 12)),
        new ContractSample<QueuePage>("queue page", new QueuePage(new QueueSummaryView(2, T0),
            [new(Waiting, 1, TimeSpan.FromMinutes(3)), new(new("c-4", Priority.Low, T0.AddMinutes(1), []), 2, null)],
            new QueueCursor(Priority.Low, T0.AddMinutes(1), 17))),
        new ContractSample<DepartmentConfig>("department config", Department),
        new ContractSample<IReadOnlyList<ScheduledMember>>("scheduled members", [new("ann", 3, Schedule, false), new("bob", 1, null, true)]),
        new ContractSample<StaffingGapQuestion>("staffing gap question", new StaffingGapQuestion("support")
        {
            WeekStart = new DateOnly(2026, 3, 9), Weeks = 6, ArrivalsFactor = 1.3, ServiceLevelTarget = 0.9, TargetSeconds = 30, Capacity = 3,
            HandleSeconds = 420, PatienceSeconds = 120,
        }),
        new ContractSample<StaffingGap>("staffing gap", new StaffingGap("support", "Europe/Berlin", new DateOnly(2026, 3, 9), 6, 1.3, 0.9, 30, 3, ["bob"],
            [new(T0, 12.5, 420, 3, 8, 2.5, 7.5, -0.5, -0.5)])),
        new ContractSample<IReadOnlyDictionary<string, DepartmentConfig>>("departments", new Dictionary<string, DepartmentConfig> { ["support"] = Department, ["sales"] = new() }),
        new ContractSample<EntryRouting>("entry routing", Entry),
        new ContractSample<EntryConfig>("entry config", new EntryConfig(Entry, new Dictionary<string, string> { ["support"] = "Europe/Berlin" })
        {
            BotFirstDepartments = ["support"], DepartmentTimers = new Dictionary<string, DialogTimers> { ["support"] = Timers, ["sales"] = DialogTimers.None },
        }),
        new ContractSample<OperatorProfile>("operator profile", Profile),
        new ContractSample<IntakeMessage>("intake message", new IntakeMessage(Channel.Email, "bob@example.com", "Hi")
        {
            Topic = "invoice", Language = "de-DE", Priority = Priority.Urgent, Attributes = new Dictionary<string, string> { ["plan"] = "gold" },
            RequiredSkills = [new("billing", 2)], Attachments = Attachments, ClientMessageId = "mail-msg-1",
        }),
        new ContractSample<IdempotentIntakeResult>("idempotent intake result",
            new IdempotentIntakeResult(new IntakeResult("cust-1", "c-1", true, ConversationStatus.Queued, "support", null, 3), Replayed: true)),
        new ContractSample<OpenConversation>("open conversation", new OpenConversation("cust-1", Channel.Chat, "support", Priority.Vip, "Hello")
        {
            BotFirst = true, Timers = Timers, FirstAttachments = Attachments, ExternalId = "visitor-1", ClientMessageId = "widget-msg-1",
            FirstResponseTarget = TimeSpan.FromSeconds(30), FirstResponseTargetSource = ResponseTargetSource.EntryRule,
        }),
        new ContractSample<ConversationMoved>("conversation moved", new ConversationMoved(Conversation, Conversation with { Status = ConversationStatus.Queued, OperatorId = null })),
        new ContractSample<ConversationMove>("conversation move", new ConversationMove(ConversationStatus.Queued, "sales", null, ConversationChangeKinds.Transferred, "to sales")
        {
            WaitingSince = T0, Timers = Timers, Rescued = true, MoveId = "move-5",
        }),
        new ContractSample<EnqueueRequest>("enqueue request", new EnqueueRequest("c-1", Priority.Normal, Channel.Social, T0)
        {
            RequiredSkills = [new("lang:de", 4)], SkippedOperators = ["bob"], PersonalManagerId = "ann", LastOperatorId = "carl", LastContactAt = T0.AddDays(-1),
        }),
        new ContractSample<Placement>("placement", new Placement("c-1", "ann", null) { Offered = true }),
        new ContractSample<CustomerView>("customer view", new CustomerView("cust-1")
        {
            Identities = ["chat:visitor-1", "email:bob@example.com"], OpenConversationId = "c-1", PersonalManagerId = "ann", ConversationCount = 3, Blocked = true,
        }),
        new ContractSample<WebhookStatus>("webhook status", new WebhookStatus("https://hooks.example/routing", 2, T0, 40, 1)
        {
            LastError = "503 Service Unavailable", LastErrorAt = T0.AddMinutes(1),
            DeadLetters = [new("c-1:closed", OutboundEventTypes.ConversationClosed, "c-1", T0, T0.AddDays(1), 12, "gave up after 24 h")],
        }),
        new ContractSample<OutboundEvent>("outbound event", new OutboundEvent("c-1:message:2", OutboundEventTypes.OperatorMessage, "c-1", "cust-1", T0)
        {
            ExternalCustomerId = "visitor-1", Sequence = 2, OperatorId = "ann", Author = "operator", Text = "Hello", ClosedBy = "operator", RatingScale = 5,
        }),
        new ContractSample<OperatorRatings>("operator ratings", new OperatorRatings("ann", 3, 2.25, new Dictionary<int, RatingTally> { [5] = new(2, 9), [2] = new(1, 2) })),
        new ContractSample<IReadOnlyDictionary<string, QuickReplyTemplate>>("templates",
            new Dictionary<string, QuickReplyTemplate> { ["greet"] = new("Greeting", "Hello!") { DepartmentId = "support" } }),
        new ContractSample<IReadOnlyList<ApiKeyView>>("api keys", [new("k1", ApiKeyScope.Supervisor, "wallboard", T0)]),
        new ContractSample<ApiKeyRecord>("api key record", new ApiKeyRecord("k1", ApiKeyScope.Admin, "first admin", new string('a', 64), T0)),
        new ContractSample<ChannelWebhook>("channel webhook", new ChannelWebhook("https://hooks.example/routing", "a-secret-of-16-chars")),
        new ContractSample<DepartmentHeadView>("department head", new DepartmentHeadView("support", "c-3", Priority.Urgent, T0)),
        new ContractSample<ServeResult>("serve result", new ServeResult(ServeOutcome.Assigned, Operator) { ConversationId = "c-3" }),
        new ContractSample<IReadOnlyList<QueuePosition>>("queue positions", [new("c-3", "support", 1, TimeSpan.FromMinutes(2)), new("c-4", "support", 2, null)]),
        new ContractSample<IdentityView>("identity view", new IdentityView("cust-1", Blocked: true)),
    ];
}
