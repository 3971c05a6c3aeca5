using Routing.Grains.Policies.Staffing;

namespace Routing.Grains.Tests.Policies.Staffing;

/// <summary>
/// The staffing formulas on textbook cases, and the simulation agreeing with them. The main case is the step-by-step
/// Erlang C example of Westbay Engineers' "The Erlang-C formula" (erlang.com; reproduced by call-centre texts since):
/// 360 calls per half hour, 4 minutes each, 55 agents, a 15 s target: 48 Erlangs, P(wait) 0.2387, average speed of
/// answer 8.2 s, service level 84.6 %. Tolerance of the simulation (200,000 customers after a warm-up, one seed): 0.02
/// absolute on shares, 10 % relative on the mean wait.
/// </summary>
public sealed class StaffingTests
{
    private static readonly QueueModel Westbay = QueueModel.PerHour(720, 240, 55);

    [Fact]
    public void Erlang_c_gives_the_textbook_figures()
    {
        var forecast = ErlangC.Forecast(Westbay, targetSeconds: 15);

        Assert.Equal(48, Westbay.Load, 9);
        Assert.Equal(0.2387, forecast.ProbabilityOfWaiting, 4);
        Assert.Equal(8.18, forecast.AverageWaitSeconds, 2);
        Assert.Equal(0.8459, forecast.ServiceLevel, 4);
        Assert.Equal(0.6821, ErlangC.ProbabilityOfWaiting(11, 10), 4); // C(11, 10 Erlangs), the classic table value
    }

    [Fact]
    public void An_overloaded_queue_never_settles()
    {
        var forecast = ErlangC.Forecast(QueueModel.PerHour(720, 240, 48), 15);

        Assert.Equal((1.0, 0.0), (forecast.ProbabilityOfWaiting, forecast.ServiceLevel));
        Assert.True(double.IsPositiveInfinity(forecast.AverageWaitSeconds));
    }

    [Fact]
    public void The_simulation_agrees_with_erlang_c_on_the_textbook_case()
    {
        var formula = ErlangC.Forecast(Westbay, 15);

        var simulated = StaffingSimulation.Run(Westbay, 15, customers: 200_000, seed: 7);

        Assert.Equal(formula.ProbabilityOfWaiting, simulated.ProbabilityOfWaiting, 0.02);
        Assert.Equal(formula.ServiceLevel, simulated.ServiceLevel, 0.02);
        Assert.Equal(formula.AverageWaitSeconds, simulated.AverageWaitSeconds, formula.AverageWaitSeconds * 0.1);
        Assert.Equal(0, simulated.Abandonment);
    }

    [Fact]
    public void The_simulation_agrees_with_erlang_a_when_customers_abandon()
    {
        var impatient = Westbay with { PatienceSeconds = 180 };
        var formula = ErlangA.Forecast(impatient);

        var simulated = StaffingSimulation.Run(impatient, 15, customers: 200_000, seed: 11);

        Assert.Equal(0.1638, formula.ProbabilityOfWaiting, 3);
        Assert.Equal(0.0143, formula.Abandonment, 3);
        Assert.Equal(formula.ProbabilityOfWaiting, simulated.ProbabilityOfWaiting, 0.02);
        Assert.Equal(formula.Abandonment, simulated.Abandonment, 0.005);
        Assert.Equal(formula.AverageWaitSeconds, simulated.AverageWaitSeconds, formula.AverageWaitSeconds * 0.1);
        Assert.True(formula.ProbabilityOfWaiting < ErlangC.Forecast(Westbay, 15).ProbabilityOfWaiting); // abandonment shortens the queue
    }

    [Theory]
    [InlineData(15, 0.80, 55)] // the textbook case: 55 agents reach 84.6 %, 54 only 79.3 %
    [InlineData(20, 0.80, 54)]
    [InlineData(15, 0.90, 57)]
    public void Voice_needs_the_fewest_agents_whose_service_level_reaches_the_target(double targetSeconds, double target, int agents)
    {
        var answer = StaffingPolicy.Required(new StaffingInput(720, 240, target, targetSeconds));

        Assert.Equal((agents, agents), (answer.RequiredOperators, answer.RequiredServers));
        Assert.True(answer.Forecast.ServiceLevel >= target);
    }

    [Fact]
    public void Chat_counts_capacity_slots_and_rounds_operators_up()
    {
        // 60 chats an hour, 10 minutes each, 80 % answered within 60 s: 10 Erlangs need 14 slots (13 reach 78.9 %).
        var two = StaffingPolicy.Required(new StaffingInput(60, 600, 0.8, 60, Capacity: 2));
        var three = StaffingPolicy.Required(new StaffingInput(60, 600, 0.8, 60, Capacity: 3));
        var busier = StaffingPolicy.Required(new StaffingInput(60 * 1.3, 600, 0.8, 60, Capacity: 3));

        Assert.Equal((14, 7), (two.RequiredServers, two.RequiredOperators));
        Assert.Equal((14, 5), (three.RequiredServers, three.RequiredOperators));
        Assert.True(busier.RequiredServers > three.RequiredServers);
    }

    [Fact]
    public void The_simulation_checks_chat_slots_as_servers()
    {
        var slots = QueueModel.PerHour(60, 600, 13);

        var simulated = StaffingSimulation.Run(slots, 60, customers: 200_000, seed: 3);

        Assert.Equal(ErlangC.Forecast(slots, 60).ServiceLevel, simulated.ServiceLevel, 0.02);
    }

    [Fact]
    public void With_a_patience_the_answer_forecasts_abandonment()
    {
        var answer = StaffingPolicy.Required(new StaffingInput(720, 240, 0.8, 15, PatienceSeconds: 180));

        Assert.Equal(55, answer.RequiredOperators);
        Assert.InRange(answer.Forecast.Abandonment, 0.001, 0.05);
    }

    [Theory]
    [InlineData(-1, 240, 0.8, 15, 1, "arrivalsPerHour")]
    [InlineData(10, 0, 0.8, 15, 1, "handleSeconds")]
    [InlineData(10, 240, 1.0, 15, 1, "serviceLevelTarget")]
    [InlineData(10, 240, 0.8, -1, 1, "targetSeconds")]
    [InlineData(10, 240, 0.8, 15, 0, "capacity")]
    public void Impossible_inputs_are_refused(double arrivals, double handle, double target, double seconds, int capacity, string named)
    {
        var refused = Assert.Throws<ArgumentException>(() => StaffingPolicy.Required(new StaffingInput(arrivals, handle, target, seconds, capacity)));

        Assert.Contains(named, refused.Message);
    }

    [Fact]
    public void No_arrivals_need_nobody()
    {
        Assert.Equal(0, StaffingPolicy.Required(new StaffingInput(0, 240, 0.8, 15)).RequiredOperators);
    }
}
