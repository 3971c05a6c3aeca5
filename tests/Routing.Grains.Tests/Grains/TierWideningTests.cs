using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

public sealed class TierWideningTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_waiting_dialog_widens_to_tier_two_at_the_departments_deadline()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddTieredSupport();

        Assert.Equal("senior", (await world.Intake("c1")).OperatorId);
        var waiting = await world.Intake("c2");
        Assert.Null(waiting.OperatorId); // the tier-2 operator is free, but not yet eligible

        await silo.AdvanceAsync(TimeSpan.FromSeconds(29));
        await world.Settle();
        Assert.Equal(ConversationStatus.Queued, (await world.Conversation(waiting.ConversationId).Get()).Status);
        await silo.AdvanceAsync(TimeSpan.FromSeconds(1));
        await Eventually.True(async () => (await world.Conversation(waiting.ConversationId).Get()).OperatorId == "backup", "widened to tier 2");
    }

    [Fact]
    public async Task Widening_due_during_a_crash_happens_after_the_restart()
    {
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.Workspace.ConfigureDepartment("support", new DepartmentConfig
        {
            Routing = RoutingSettings.Default with { TierSteps = [new TierStep(1, TimeSpan.Zero), new TierStep(2, TimeSpan.FromSeconds(30))] },
        });
        world.Departments.Add("support");
        await world.Workspace.ConfigureOperator("backup", new OperatorProfile { Capacity = 1, Departments = [new DepartmentMembership("support", 2)] });
        world.Operators.Add("backup");
        await world.Online("backup");
        var waiting = await world.Intake("c1");
        Assert.Null(waiting.OperatorId);
        await silo.CrashAsync();

        await silo.AdvanceAsync(TimeSpan.FromSeconds(45));
        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, silo.Time);
        world.Factory = restarted.Factory;
        await restarted.DeadlinesAtRest(); // a deadline already due fires as soon as the restarted silo reads it
        await Eventually.True(async () => (await world.Conversation(waiting.ConversationId).Get()).OperatorId == "backup", "widened after the restart");
    }
}
