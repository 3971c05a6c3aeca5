namespace Routing.LoadTests.Routing;

/// <summary>
/// `routing`: routing decisions per second of one department with a deep queue, through the real grains (intake →
/// customer → conversation → department → operator, on real storage) against the same decisions on the bare
/// WaitingQueue + OperatorIndex in the same run; and the time from capacity freed to the next assignment.
/// </summary>
public static class RoutingHarness
{
    public static async Task RunAsync(LoadTestOptions options)
    {
        var sizes = RoutingSizes.For(options);
        var storages = options.Storages ?? (options.Quick ? ["sqlite"] : ["sqlite", "sqlite-nosync"]);
        Console.WriteLine($"## routing: one department, {sizes.Operators:N0} operators of capacity {sizes.Capacity} (all online, members, tier 1), " +
                          $"{sizes.Operators * sizes.Capacity:N0} dialogs assigned and {sizes.Waiting:N0} waiting; " +
                          $"{string.Join(" and ", sizes.AgentLevels)} operators closing at once; storage: {string.Join(", ", storages)}");
        var results = new List<RoutingResult>();
        foreach (var storage in storages)
        {
            Console.WriteLine($"### {storage}");
            results.Add(await RoutingRun.RunAsync(storage, sizes));
        }
        RoutingReport.Print(results, sizes);
    }
}
