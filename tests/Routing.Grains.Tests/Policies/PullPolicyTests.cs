namespace Routing.Grains.Tests.Policies;

/// <summary>Taking from the shared queue (pull): what an operator sees and may take, by the router's own eligibility rules.</summary>
public class PullPolicyTests
{
    private static readonly RoutingSettings Settings = Given.Tiered;

    private static WaitingPlace Queued(WaitingDialog dialog) => new(dialog, null, 1);

    private static WaitingPlace HeldFor(string operatorId, WaitingDialog dialog) => new(dialog, new HeldDialog(dialog, operatorId, Given.At(60)), 1);

    [Fact]
    public void A_full_operator_sees_a_dialog_they_fit_but_may_not_take_it_now()
    {
        var full = Given.Operator("ann", load: 3, capacity: 3);
        var place = Queued(Given.Dialog("d"));

        Assert.True(PullPolicy.Sees(full, place, Given.T0, Settings));
        Assert.Equal(Eligibility.NoCapacity, PullPolicy.CanTake(full, place, Given.T0, Settings));
    }

    [Theory]
    [InlineData(OperatorStatus.Away)]
    [InlineData(OperatorStatus.Offline)]
    [InlineData(OperatorStatus.WrappingUp)]
    [InlineData(OperatorStatus.NotResponding)]
    public void Only_an_online_operator_may_take_and_the_others_still_see_what_they_fit(OperatorStatus status)
    {
        var op = Given.Operator("ann", status: status);
        var place = Queued(Given.Dialog("d"));

        Assert.True(PullPolicy.Sees(op, place, Given.T0, Settings));
        Assert.Equal(Eligibility.NotOnline, PullPolicy.CanTake(op, place, Given.T0, Settings));
    }

    [Fact]
    public void Tier_skills_and_the_skip_list_hide_a_dialog_exactly_as_the_router_passes_it_over()
    {
        var backup = Given.Operator("backup", tier: 2);
        var fresh = Queued(Given.Dialog("d", since: 0));
        Assert.False(PullPolicy.Sees(backup, fresh, Given.At(29), Settings));
        Assert.Equal(Eligibility.TierNotReached, PullPolicy.CanTake(backup, fresh, Given.At(29), Settings));
        Assert.True(PullPolicy.Sees(backup, fresh, Given.At(30), Settings)); // the tier step reached at the router's moment
        Assert.Equal(Eligibility.Eligible, PullPolicy.CanTake(backup, fresh, Given.At(30), Settings));

        var unskilled = Given.Operator("ann", skills: Given.Skills(("billing", 1)));
        var billing = Queued(Given.Dialog("b") with { RequiredSkills = Given.Requires(("billing", 3)) });
        Assert.Equal(Eligibility.MissingSkills, PullPolicy.CanTake(unskilled, billing, Given.At(59), Settings));
        Assert.True(PullPolicy.Sees(unskilled, billing, Given.At(60), Settings)); // widened away

        var dropped = Queued(Given.Dialog("r") with { SkippedOperators = ["ann"] });
        Assert.False(PullPolicy.Sees(unskilled, dropped, Given.T0, Settings));
        Assert.Equal(Eligibility.SkippedBefore, PullPolicy.CanTake(unskilled, dropped, Given.T0, Settings));
    }

    [Fact]
    public void Seeing_and_taking_agree_with_the_routers_check_for_every_operator_and_dialog()
    {
        var random = new Random(15);
        for (var i = 0; i < 2_000; i++)
        {
            var op = Given.Operator("op", load: random.Next(4), capacity: 1 + random.Next(3), tier: 1 + random.Next(3),
                status: (OperatorStatus)random.Next(5), skills: random.Next(2) == 0 ? Given.Skills(("billing", 1 + random.Next(5))) : null);
            var dialog = Given.Dialog("d", since: random.Next(100), channel: (Channel)random.Next(5)) with
            {
                RequiredSkills = random.Next(2) == 0 ? Given.Requires(("billing", 1 + random.Next(5))) : [],
                SkippedOperators = random.Next(5) == 0 ? ["op"] : [],
            };
            var now = Given.At(100 + random.Next(100));
            var place = Queued(dialog);

            Assert.Equal(EligibilityPolicy.Check(op, dialog, now, Settings), PullPolicy.CanTake(op, place, now, Settings));
            // Seen: the router would give it to them if only their status and load allowed.
            var available = op with { Status = OperatorStatus.Online, Load = 0, ActiveVoice = false, Capacity = 10 };
            Assert.Equal(EligibilityPolicy.IsEligible(available, dialog, now, Settings), PullPolicy.Sees(op, place, now, Settings));
        }
    }

    [Fact]
    public void A_dialog_held_for_an_operator_is_theirs_alone_to_see_and_take()
    {
        var place = HeldFor("ann", Given.Dialog("d"));

        Assert.True(PullPolicy.Sees(Given.Operator("ann"), place, Given.T0, Settings));
        Assert.Equal(Eligibility.Eligible, PullPolicy.CanTake(Given.Operator("ann"), place, Given.T0, Settings));
        Assert.Equal(Eligibility.NoCapacity, PullPolicy.CanTake(Given.Operator("ann", load: 1, capacity: 1), place, Given.T0, Settings));
        Assert.False(PullPolicy.Sees(Given.Operator("bob"), place, Given.T0, Settings));
        Assert.Equal(Eligibility.HeldForAnother, PullPolicy.CanTake(Given.Operator("bob"), place, Given.T0, Settings));
    }

    [Fact]
    public void Incoming_keeps_serving_order_leaves_out_what_they_may_not_see_and_stops_at_the_limit()
    {
        var places = new[]
        {
            new WaitingPlace(Given.Dialog("urgent", Priority.Urgent), null, 1),
            new WaitingPlace(Given.Dialog("dropped") with { SkippedOperators = ["ann"] }, null, 2),
            new WaitingPlace(Given.Dialog("voice", channel: Channel.Voice), null, 3),
            new WaitingPlace(Given.Dialog("chat"), null, 4),
        };
        var busy = Given.Operator("ann", load: 1, capacity: 3); // room for chat, not for a voice call

        var incoming = PullPolicy.Incoming(places, busy, Given.T0, Settings, limit: 10);
        Assert.Equal([("urgent", Eligibility.Eligible), ("voice", Eligibility.NoCapacity), ("chat", Eligibility.Eligible)],
            incoming.Select(i => (i.Place.Dialog.Id, i.Now)));
        Assert.Equal(["urgent", "voice"], PullPolicy.Incoming(places, busy, Given.T0, Settings, limit: 2).Select(i => i.Place.Dialog.Id));
    }
}
