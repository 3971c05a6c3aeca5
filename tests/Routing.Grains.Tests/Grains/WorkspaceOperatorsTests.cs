using Microsoft.Extensions.DependencyInjection;
using Routing.GrainInterfaces;
using Routing.Storage;

namespace Routing.Grains.Tests.Grains;

/// <summary>The workspace keeps thousands of operator profiles without rewriting them all on each change.</summary>
public sealed class WorkspaceOperatorsTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Operator_profiles_are_journaled_in_small_rows_snapshotted_and_all_restored_after_a_crash()
    {
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        const int operators = 1_200;
        await Parallel.ForEachAsync(Enumerable.Range(0, operators), new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (i, _) => await world.Workspace.ConfigureOperator($"op{i}", new OperatorProfile
            {
                Capacity = 1 + i % 5, Departments = [new DepartmentMembership("support")],
            }));
        // The first change beyond the state's size (1,201 rows for 1,200 profiles) snapshots and drops the rows it covers.
        await world.Workspace.ConfigureOperator("op7", new OperatorProfile { Capacity = 9, Departments = [new DepartmentMembership("support", 2)] });
        var storage = silo.Services.GetRequiredService<IDurableStore>();
        var journal = new GrainLogKey("workspace", RoutingKeys.Workspace(world.WorkspaceId), "operators");
        Assert.Empty(await storage.ReadLogAsync(journal, 1, int.MaxValue));
        // A later change is one row again, replayed over the snapshot after the crash.
        await world.Workspace.ConfigureOperator("op8", new OperatorProfile { Capacity = 4, Departments = [new DepartmentMembership("support")] });
        Assert.Single(await storage.ReadLogAsync(journal, 1, int.MaxValue));
        await silo.CrashAsync();

        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, silo.Time);
        world.Factory = restarted.Factory;
        var profiles = await world.Workspace.GetOperators();
        Assert.Equal(operators, profiles.Count);
        Assert.Equal((9, 2), (profiles["op7"].Capacity, profiles["op7"].Departments[0].Tier));
        Assert.Equal(4, profiles["op8"].Capacity);
        Assert.Equal(1 + 1_199 % 5, profiles["op1199"].Capacity);
    }
}
