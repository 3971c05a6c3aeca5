namespace Routing.Grains.Tests.Policies;

public class StickyRoutingPolicyTests
{
    private static readonly RoutingSettings Settings = RoutingSettings.Default; // 24 h return window, 60 s max wait
    private static readonly StickyContext WithManager = new() { PersonalManagerId = "manager" };

    private static StickyDecision Decide(StickyContext customer, double now, params RoutingOperator[] operators) =>
        Decide(customer, Given.Dialog("d", since: 0), now, operators);

    private static StickyDecision Decide(StickyContext customer, WaitingDialog dialog, double now, params RoutingOperator[] operators) =>
        StickyRoutingPolicy.Decide(dialog, customer, id => operators.FirstOrDefault(op => op.Id == id), Given.At(now), Settings);

    [Fact]
    public void The_personal_manager_gets_the_offer_when_online_with_room()
    {
        var decision = Decide(WithManager, 0, Given.Operator("manager", load: 2, capacity: 3));
        Assert.Equal(new StickyDecision(StickyAction.OfferNow, "manager", StickyReason.PersonalManager), decision);
    }

    [Fact]
    public void A_full_manager_is_waited_for_until_the_max_sticky_wait()
    {
        var decision = Decide(WithManager, 10, Given.Operator("manager", load: 3, capacity: 3));
        Assert.Equal(new StickyDecision(StickyAction.WaitForOperator, "manager", StickyReason.PersonalManager, Given.At(60)), decision);
    }

    [Fact]
    public void Sticky_routing_waits_then_falls_back_to_the_department_at_expiry()
    {
        var busy = Given.Operator("manager", status: OperatorStatus.Away);
        Assert.Equal(StickyAction.WaitForOperator, Decide(WithManager, 59.999, busy).Action);
        Assert.Equal(StickyDecision.Department, Decide(WithManager, 60, busy));
    }

    [Theory]
    [InlineData(OperatorStatus.Offline)]
    [InlineData(OperatorStatus.NotResponding)]
    [InlineData(OperatorStatus.WrappingUp)] // their shift ended (R14)
    public void An_offline_or_silent_manager_is_not_waited_for(OperatorStatus status) =>
        Assert.Equal(StickyDecision.Department, Decide(WithManager, 0, Given.Operator("manager", status: status)));

    [Fact]
    public void A_returning_customer_goes_back_to_their_last_operator_within_the_window()
    {
        var customer = new StickyContext { LastOperatorId = "last", LastContactAt = Given.At(0) };
        var last = Given.Operator("last");
        var window = Settings.StickyReturnWindow.TotalSeconds;
        Assert.Equal(new StickyDecision(StickyAction.OfferNow, "last", StickyReason.ReturningCustomer), Decide(customer, Given.Dialog("d", since: window), window, last));
        Assert.Equal(StickyDecision.Department, Decide(customer, Given.Dialog("d", since: window + 1), window + 1, last));
    }

    [Fact]
    public void When_the_manager_is_offline_the_last_operator_is_next()
    {
        var customer = new StickyContext { PersonalManagerId = "manager", LastOperatorId = "last", LastContactAt = Given.At(-60) };
        var decision = Decide(customer, 0, Given.Operator("manager", status: OperatorStatus.Offline), Given.Operator("last", load: 3, capacity: 3));
        Assert.Equal(new StickyDecision(StickyAction.WaitForOperator, "last", StickyReason.ReturningCustomer, Given.At(60)), decision);
    }

    [Fact]
    public void An_operator_who_dropped_the_dialog_is_not_stuck_to()
    {
        var dialog = Given.Dialog("d", since: 0) with { SkippedOperators = ["manager"] };
        Assert.Equal(StickyDecision.Department, Decide(WithManager, dialog, 0, Given.Operator("manager")));
    }

    [Fact]
    public void An_unknown_operator_or_no_history_routes_to_the_department()
    {
        Assert.Equal(StickyDecision.Department, Decide(WithManager, 0));
        Assert.Equal(StickyDecision.Department, Decide(new StickyContext(), 0, Given.Operator("manager")));
    }

    [Fact]
    public void A_voice_call_waits_for_a_manager_who_is_chatting()
    {
        var dialog = Given.Dialog("call", since: 0, channel: Channel.Voice);
        Assert.Equal(StickyAction.WaitForOperator, Decide(WithManager, dialog, 0, Given.Operator("manager", load: 1, capacity: 5)).Action);
    }

    [Fact]
    public void The_manager_is_tried_before_the_last_operator()
    {
        var customer = new StickyContext { PersonalManagerId = "manager", LastOperatorId = "last", LastContactAt = Given.At(0) };
        Assert.Equal(
            [("manager", StickyReason.PersonalManager), ("last", StickyReason.ReturningCustomer)],
            StickyRoutingPolicy.Targets(customer, Given.At(10), Settings));
    }

    [Fact]
    public void A_personal_queue_ignores_tiers_and_skills_but_not_capacity()
    {
        var queue = new WaitingQueue();
        queue.Enqueue(Given.Dialog("held", since: 0) with { RequiredSkills = Given.Requires(("billing", 5)) });
        var manager = Given.Operator("manager", tier: 3);
        Assert.Equal("held", queue.FirstFor(manager, Given.At(1), StickyRoutingPolicy.PersonalQueueSettings)!.Id);
        Assert.Null(queue.FirstFor(manager with { Load = 3 }, Given.At(1), StickyRoutingPolicy.PersonalQueueSettings));
    }
}
