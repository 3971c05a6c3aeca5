using Routing.LoadTool.Measures;

namespace Routing.LoadTool.Scenarios;

/// <summary>Follows a run as it goes (the live console view).</summary>
public interface IRunObserver
{
    void Started(Scenario scenario, string phase);

    /// <summary>A second closed: its rows, and the gauges' latest values.</summary>
    void Second(Scenario scenario, TimeSpan elapsed, IReadOnlyList<StepSecond> rows, RunStats stats);

    void Finished(ScenarioResult result);
}
