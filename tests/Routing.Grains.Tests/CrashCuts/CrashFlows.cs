using Routing.ClientApi.Operations;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Testing;

namespace Routing.Grains.Tests.CrashCuts;

/// <summary>
/// Every multi-grain flow of the engine (issue 18), each from a small world: intake, a customer's next message,
/// assignment when an operator comes online, offers (accept, decline, expiry), closes (by operator, customer,
/// supervisor, inactivity; assigned, waiting and offered dialogs), transfers, assignment by hand, rescue, shift-end
/// handover, bot handover and moving a dialog to another channel. Requests go through the operations the REST and
/// WebSocket endpoints call.
/// </summary>
internal static class CrashFlows
{
    private static readonly TimeSpan LongAcceptTimeout = TimeSpan.FromMinutes(10);

    public static readonly IReadOnlyList<CrashFlow> All =
    [
        new("intake", Retried: true,
            Arrange: async w => { await Support(w); await w.World.AddOperator("ann", 2, "support"); await w.World.Online("ann"); },
            Act: async w => Answer(await w.Message("c1", "m1"))),

        new("customer-message", Retried: true,
            Arrange: async w => { await Support(w); await w.World.AddOperator("ann", 2, "support"); await w.World.Online("ann"); await w.Message("c1", "m1"); },
            Act: async w => Answer(await w.Message("c1", "m2", "and one more thing"))),

        new("assign-when-online", Retried: true,
            Arrange: async w => { await Support(w); await w.World.AddOperator("ann", 2, "support"); await w.Message("c1", "m1"); await w.Message("c2", "m2"); },
            Act: async w => $"{(await w.Supervisor.SetStatus(w.Ws, "ann", OperatorStatus.Online)).Status}"),

        new("accept-offer", Retried: true,
            Arrange: async w => { await Support(w, OfferMode); await w.World.AddOperator("ann", 2, "support"); await w.World.Online("ann"); await w.Message("c1", "m1"); },
            Act: async w => Answer(await w.Operators.Accept(w.Ws, "ann", w.Conversations[0]))),

        new("decline-offer", Retried: true,
            Arrange: async w =>
            {
                await Support(w, OfferMode);
                await w.World.AddOperator("ann", 2, "support");
                await w.World.AddOperator("bob", 1, "support");
                await w.World.Online("ann");
                await w.Message("c1", "m1");
                await w.World.Online("bob");
            },
            Act: async w => { await w.Operators.Decline(w.Ws, "ann", w.Conversations[0]); return "declined"; }),

        new("offer-expiry", Retried: false,
            Arrange: async w =>
            {
                await Support(w, c => c with { OfferMode = true, AcceptTimeout = TimeSpan.FromSeconds(30) });
                await w.World.AddOperator("ann", 2, "support");
                await w.World.AddOperator("bob", 1, "support");
                await w.World.Online("ann");
                await w.Message("c1", "m1");
                await w.World.Online("bob");
            },
            Act: w => w.AfterTime(TimeSpan.FromSeconds(31), async () => (await w.View(0)).OperatorId != "ann")),

        new("close-by-operator", Retried: true,
            Arrange: AnnFullAndOneWaiting,
            Act: async w => Answer(await w.Operators.Close(w.Ws, "ann", w.Conversations[0]))),

        new("close-by-customer", Retried: true,
            Arrange: AnnFullAndOneWaiting,
            Act: async w => Answer(await w.Supervisor.Close(w.Ws, w.Conversations[0], "customer"))),

        new("close-by-supervisor", Retried: true,
            Arrange: AnnFullAndOneWaiting,
            Act: async w => Answer(await w.Supervisor.Close(w.Ws, w.Conversations[0], "supervisor"))),

        new("close-waiting", Retried: true,
            Arrange: async w => { await Support(w); await w.World.AddOperator("ann", 1, "support"); await w.Message("c1", "m1"); await w.Message("c2", "m2"); },
            Act: async w => Answer(await w.Supervisor.Close(w.Ws, w.Conversations[0], "customer"))),

        new("close-offered", Retried: true,
            Arrange: async w => { await Support(w, OfferMode); await w.World.AddOperator("ann", 1, "support"); await w.World.Online("ann"); await w.Message("c1", "m1"); },
            Act: async w => Answer(await w.Supervisor.Close(w.Ws, w.Conversations[0], "customer"))),

        new("close-for-inactivity", Retried: false,
            Arrange: async w =>
            {
                await Support(w, c => c with { InactivityCloseAfter = TimeSpan.FromMinutes(2) });
                await w.World.AddOperator("ann", 1, "support");
                await w.World.Online("ann");
                await w.Message("c1", "m1");
                await w.Message("c2", "m2");
                await w.Operators.Reply(w.Ws, "ann", w.Conversations[0], "anything else?", "r1");
            },
            Act: w => w.AfterTime(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1), async () => (await w.View(0)).Status == ConversationStatus.Closed)),

        new("transfer-to-operator", Retried: true,
            Arrange: async w =>
            {
                await Support(w);
                await w.World.AddOperator("ann", 2, "support");
                await w.World.AddOperator("bob", 1, "support");
                await w.World.Online("ann");
                await w.Message("c1", "m1");
                await w.World.Online("bob");
            },
            Act: async w => Answer(await w.Operators.Transfer(w.Ws, "ann", w.Conversations[0], null, "bob", "for you"))),

        new("transfer-to-department", Retried: true,
            Arrange: async w =>
            {
                await AnnInSupportBobInSales(w, annOnline: true);
                await w.Message("c1", "m1");
                await w.Message("c2", "m2");
            },
            Act: async w => Answer(await w.Operators.Transfer(w.Ws, "ann", w.Conversations[0], "sales", null, "a sales question"))),

        new("assign-by-hand", Retried: true,
            Arrange: async w =>
            {
                await AnnInSupportBobInSales(w, annOnline: false);
                await w.Message("c1", "m1");
            },
            Act: async w => Answer(await w.Supervisor.Assign(w.Ws, w.Conversations[0], "bob", force: false, "bob knows"))),

        new("rescue", Retried: false,
            Arrange: async w =>
            {
                // Rescued after 5 minutes: longer than the recovery, so bob, who gets it, is not rescued in turn.
                await Support(w, c => c with { Rescue = new RescueSettings { After = TimeSpan.FromMinutes(5), WarningLead = TimeSpan.FromSeconds(15), RetryLimit = 2 } });
                await w.World.AddOperator("ann", 2, "support");
                await w.World.AddOperator("bob", 1, "support");
                await w.World.Online("ann");
                await w.Message("c1", "m1");
                await w.World.Online("bob");
            },
            Act: w => w.AfterTime(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1), async () => (await w.View(0)).OperatorId == "bob")),

        new("shift-end-handover", Retried: false,
            Arrange: async w =>
            {
                await Support(w);
                await w.World.AddOperator("ann", 2, "support");
                await w.World.AddOperator("bob", 1, "support");
                // The clock starts on Monday 09:00 UTC: ann's shift started at 08:00 and ends at 09:30.
                await w.World.Operator("ann").SetSchedule(new WorkSchedule { Shifts = [new WeeklyShift(DayOfWeek.Monday, new TimeOnly(8, 0), TimeSpan.FromMinutes(90))] });
                await w.Message("c1", "m1");
                await w.World.Online("bob");
            },
            Act: w => w.AfterTime(TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(1), async () => (await w.View(0)).OperatorId == "bob")),

        new("bot-handover", Retried: true,
            Arrange: async w => { await Support(w, c => c with { BotFirst = true }); await w.World.AddOperator("ann", 2, "support"); await w.World.Online("ann"); await w.Message("c1", "m1"); },
            Act: async w => $"{(await w.Control(0).HandOverFromBot("to a human")).OperatorId}"),

        // Issue 15.
        new("move-to-channel", Retried: true,
            Arrange: async w => { await Support(w); await w.World.AddOperator("ann", 2, "support"); await w.World.Online("ann"); await w.Message("c1", "m1"); },
            Act: async w => Answer(await w.Operators.MoveToChannel(w.Ws, "ann", w.Conversations[0], Channel.Email, "c1@example.com"))),
    ];

    public static CrashFlow Named(string name) => All.Single(f => f.Name == name);

    private static DepartmentConfig OfferMode(DepartmentConfig config) => config with { OfferMode = true, AcceptTimeout = LongAcceptTimeout };

    /// <summary>"support" is every dialog's department; <paramref name="configure"/> changes its defaults.</summary>
    private static async Task Support(CrashCutWorld w, Func<DepartmentConfig, DepartmentConfig>? configure = null)
    {
        await w.World.Workspace.ConfigureDepartment("support", (configure ?? (c => c))(new DepartmentConfig()));
        w.World.Departments.Add("support");
        await w.World.Workspace.SetEntryRouting(new EntryRouting("support"));
    }

    /// <summary>"ann" (capacity 1) in "support", "bob" (capacity 1) online in "sales".</summary>
    private static async Task AnnInSupportBobInSales(CrashCutWorld w, bool annOnline)
    {
        await Support(w);
        await w.World.AddDepartment("sales");
        await w.World.AddOperator("ann", 1, "support");
        await w.World.AddOperator("bob", 1, "sales");
        if (annOnline) await w.World.Online("ann");
        await w.World.Online("bob");
    }

    /// <summary>"ann" (capacity 1) has c1; c2 waits for her.</summary>
    private static async Task AnnFullAndOneWaiting(CrashCutWorld w)
    {
        await Support(w);
        await w.World.AddOperator("ann", 1, "support");
        await w.World.Online("ann");
        await w.Message("c1", "m1");
        await w.Message("c2", "m2");
    }

    private static string Answer(IntakeResult result) => $"{result.Status} {result.DepartmentId} {result.OperatorId} {result.NewConversation}";

    private static string Answer(ConversationView view) => $"{view.Status} {view.DepartmentId} {view.OperatorId}";
}
