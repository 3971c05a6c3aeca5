using Routing.LoadTool.Scenarios;

namespace Routing.LoadTool.Reports;

/// <summary>One invocation of the tool: where it ran, against what, and each scenario's result.</summary>
public sealed record RunReport(string Command, string Engine, DateTimeOffset StartedAt, MachineLoad Machine, IReadOnlyList<ScenarioResult> Scenarios)
{
    public bool Passed => Scenarios.All(s => s.Passed);
}

/// <summary>The machine the generator ran on, and how busy it was (figures taken on a shared machine say so).</summary>
public sealed record MachineLoad(int Cores, string LoadAverageAtStart, string LoadAverageAtEnd, string Runtime)
{
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
