namespace Routing.LoadTests.Routing;

/// <summary>Everything one storage variant of `routing` measured, for the report.</summary>
public sealed class RoutingResult(string storage, IEnumerable<int> agentLevels)
{
    public string Storage { get; } = storage;

    public TimeSpan OperatorsSetUp { get; set; }

    /// <summary>Dialogs entering through intake per second, when a slot was free (assigned) and when none was (queued).</summary>
    public double GrainEnterAssigned { get; set; }
    public double GrainEnterQueued { get; set; }
    public IntakeProbe? ProbeAssigned { get; set; }
    public IntakeProbe? ProbeQueued { get; set; }
    public List<double> BareEnterAssigned { get; } = [];
    public List<double> BareEnterQueued { get; } = [];

    /// <summary>Bare decisions per second, one entry per round.</summary>
    public List<double> BareDecisions { get; } = [];

    /// <summary>Decisions through the grains, per number of operators closing at once.</summary>
    public IReadOnlyList<LoadLevelResult> Levels { get; } = agentLevels.Select(a => new LoadLevelResult(a)).ToList();

    public DecisionLatencies Unloaded { get; } = new();

    /// <summary>Unloaded: per grain method, calls per decision and mean milliseconds per call (nested calls included).</summary>
    public List<(string Method, double CallsPerDecision, double MillisecondsPerCall)> Breakdown { get; } = [];
    public double UnloadedMillisecondsPerDecision { get; set; }

    public int WaitingAtStart { get; set; }
    public int WaitingAtEnd { get; set; }
}

/// <summary>One load level: <see cref="Agents"/> operators closing at once.</summary>
public sealed class LoadLevelResult(int agents)
{
    public int Agents { get; } = agents;

    /// <summary>Decisions per second and process CPU per decision, one entry per timed round.</summary>
    public List<double> Decisions { get; } = [];
    public List<double> CpuMicrosPerDecision { get; } = [];

    /// <summary>Of that CPU, the time the JIT spent compiling during the round (tiering up while the process is young): a
    /// start-up cost, not a decision's, which a short run cannot leave out (loadtests/README.md, issue 12).</summary>
    public List<double> JitMicrosPerDecision { get; } = [];

    /// <summary>Per decision, one entry per round: bytes allocated and thread-pool work items run, process-wide. Unlike
    /// CPU time, neither depends on what else the machine runs, so they show a change when timings are too noisy to.</summary>
    public List<double> BytesPerDecision { get; } = [];
    public List<double> WorkItemsPerDecision { get; } = [];

    public DecisionLatencies Latencies { get; } = new();

    /// <summary>Over the timed rounds: decisions, storage operations and transactions (group commit statistics), and the
    /// department's UpdateOperator and Serve calls (0 and 1 per decision for operators in one department).</summary>
    public long DecisionCount { get; set; }
    public long Writes { get; set; }
    public long Commits { get; set; }
    public long Updates { get; set; }
    public long Serves { get; set; }
}
