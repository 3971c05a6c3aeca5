using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Tests.Policies;

public sealed class InactivityPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(2);

    private static ConversationView Answered() => new("c1")
    {
        Status = ConversationStatus.Assigned, OperatorId = "ann", Unanswered = false, CreatedAt = T0,
        LastCustomerMessageAt = T0.AddSeconds(10), LastOperatorMessageAt = T0.AddSeconds(30),
        Timers = new DialogTimers(null, null, Quiet),
    };

    [Fact]
    public void An_answered_assigned_dialog_closes_the_quiet_time_after_the_last_message_either_side_wrote()
    {
        Assert.Equal(T0.AddSeconds(30) + Quiet, InactivityPolicy.CloseAt(Answered()));
        Assert.Equal(T0.AddSeconds(50) + Quiet, InactivityPolicy.CloseAt(Answered() with { LastCustomerMessageAt = T0.AddSeconds(50) }));
        Assert.Equal(T0 + Quiet, InactivityPolicy.CloseAt(Answered() with { LastCustomerMessageAt = null, LastOperatorMessageAt = null }));
    }

    [Fact]
    public void A_dialog_whose_customer_waits_or_that_is_not_assigned_or_has_no_quiet_time_never_closes_for_inactivity()
    {
        Assert.Null(InactivityPolicy.CloseAt(Answered() with { Unanswered = true }));
        Assert.Null(InactivityPolicy.CloseAt(Answered() with { Status = ConversationStatus.Queued, OperatorId = null }));
        Assert.Null(InactivityPolicy.CloseAt(Answered() with { Status = ConversationStatus.Offered }));
        Assert.Null(InactivityPolicy.CloseAt(Answered() with { Timers = DialogTimers.None }));
    }
}
