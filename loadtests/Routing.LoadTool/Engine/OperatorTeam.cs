using System.Collections.Concurrent;
using Routing.LoadCommon.Realtime;
using Routing.LoadTool.Measures;
using Routing.LoadTool.Scenarios;

namespace Routing.LoadTool.Engine;

/// <summary>Every scripted operator of a workspace, what they share (ledger, board, error frames) and the capacity check.</summary>
public sealed class OperatorTeam : IAsyncDisposable
{
    public const string HeldGauge = "dialogs held";
    private const int ConnectConcurrency = 16;

    private readonly List<OperatorConsole> _consoles = [];

    public OperatorTeam(Workspace workspace, ScenarioContext context)
    {
        Workspace = workspace;
        Stats = context.Stats;
        Stopping = context.Stopping;
        Ledger = new DeliveryLedger(context.Stats);
        Board = new DialogBoard(context.Stats);
    }

    public Workspace Workspace { get; }
    public RunStats Stats { get; }
    public CancellationToken Stopping { get; }
    public DeliveryLedger Ledger { get; }
    public DialogBoard Board { get; }
    public ErrorFrames ErrorFrames { get; } = new();
    public IReadOnlyList<OperatorConsole> Consoles => _consoles;

    /// <summary>The supervisors following the workspace feed (<see cref="FollowFeedAsync"/>); none until then.</summary>
    public SupervisorFeed? Feed { get; private set; }

    /// <summary>Connects <paramref name="supervisors"/> wallboards to the workspace feed (none: nothing).</summary>
    public async Task FollowFeedAsync(int supervisors)
    {
        if (supervisors > 0) Feed = await SupervisorFeed.ConnectAsync(Workspace, Stats, supervisors);
    }

    /// <summary>The checks of the scripted side every world has: consoles within capacity, the supervisors' feed complete.</summary>
    public IEnumerable<CheckResult> TeamChecks() => [CapacityCheck(), .. Feed?.Checks() ?? []];

    /// <summary>Customer message keys an operator's reply was stored for.</summary>
    public ConcurrentDictionary<string, byte> Answered { get; } = new(StringComparer.Ordinal);

    /// <summary>Replies waiting for their delay or their acknowledgement.</summary>
    public int Replying => Volatile.Read(ref _replying);

    internal void ReplyStarted() => Interlocked.Increment(ref _replying);

    internal void ReplyEnded() => Interlocked.Decrement(ref _replying);

    private int _replying;

    public OperatorConsole? Console(string operatorId) => _consoles.FirstOrDefault(c => c.Id == operatorId);

    /// <summary>Connects consoles <paramref name="first"/>..+<paramref name="count"/> and sets them online.</summary>
    public async Task ConnectAsync(int first, int count, int capacity, OperatorBehaviour behaviour)
    {
        var consoles = new OperatorConsole[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = ConnectConcurrency }, async (i, _) =>
            consoles[i] = await OperatorConsole.ConnectAsync(this, first + i, capacity, behaviour));
        lock (_consoles) _consoles.AddRange(consoles);
    }

    /// <summary>Moves every console to <paramref name="address"/> (<see cref="OperatorConsole.MoveToAsync"/>).</summary>
    public async Task MoveConsolesAsync(Uri address) =>
        await Parallel.ForEachAsync(_consoles, new ParallelOptions { MaxDegreeOfParallelism = ConnectConcurrency }, async (console, _) => await console.MoveToAsync(address));

    public CheckResult CapacityCheck()
    {
        var over = _consoles.Where(c => c.OverCapacity > 0).ToArray();
        return new("no operator over capacity", over.Length == 0,
            over.Length == 0
                ? $"highest load {(_consoles.Count == 0 ? 0 : _consoles.Max(c => c.MaxLoad))} of capacity {(_consoles.Count == 0 ? 0 : _consoles.Max(c => c.Capacity))}"
                : $"{over.Length} operators over capacity, e.g. {string.Join(", ", over.Take(5).Select(c => $"{c.Id} at {c.MaxLoad} of {c.Capacity}"))}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var console in _consoles) await console.DisposeAsync();
        if (Feed is not null) await Feed.DisposeAsync();
    }
}
