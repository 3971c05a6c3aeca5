using System.Diagnostics;

namespace Routing.LoadTests.Routing;

/// <summary>
/// Routing decisions through the grains, closed loop: each agent is one operator who closes their oldest dialog
/// (IConversationGrain.Close), waits until the router hands them the next waiting one, and repeats. A decision is that
/// close followed by the next waiting dialog assigned to the operator who freed the capacity. Agents are distinct
/// operators, so every decision frees a different operator's slot, as in a busy department.
/// </summary>
public sealed class GrainDecisionLoad
{
    /// <summary>Far beyond any decision's latency under load (seconds at worst): past it, nothing is coming.</summary>
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(30);

    private sealed record Agent(string OperatorId, Queue<string> Held);

    private readonly RoutingWorkspace _workspace;
    private readonly AssignmentWatcher _watcher;
    private readonly List<Agent> _agents;

    private GrainDecisionLoad(RoutingWorkspace workspace, AssignmentWatcher watcher, List<Agent> agents)
    {
        _workspace = workspace;
        _watcher = watcher;
        _agents = agents;
    }

    /// <summary>One agent per operator index given, each starting with the dialogs the operator holds now.</summary>
    public static async Task<GrainDecisionLoad> CreateAsync(RoutingWorkspace workspace, AssignmentWatcher watcher, IEnumerable<int> operators)
    {
        var list = new List<Agent>();
        foreach (var index in operators)
        {
            var id = RoutingWorkspace.OperatorId(index);
            var snapshot = await workspace.Operator(id).GetSnapshot();
            if (snapshot.Active.Count == 0) throw new InvalidOperationException($"operator '{id}' holds no dialog to close");
            list.Add(new Agent(id, new Queue<string>(snapshot.Active.Select(d => d.ConversationId))));
        }
        return new GrainDecisionLoad(workspace, watcher, list);
    }

    /// <summary>
    /// Every agent makes decisions until <paramref name="window"/> has passed or <paramref name="budget"/> decisions were
    /// started (so the queue cannot run dry). Counts the decisions completed inside the window; the window ends early when
    /// the budget ran out (at the last completion). Waits for every decision in flight before returning, untimed.
    /// </summary>
    public async Task<DecisionRound.Outcome> RunAsync(TimeSpan window, int budget, DecisionLatencies latencies)
    {
        var round = new DecisionRound(window, budget);
        await Task.WhenAll(_agents.Select(agent => Task.Run(() => AgentLoopAsync(agent, round, latencies))));
        return round.Result();
    }

    /// <summary>
    /// The operator's state and whether their department would give them a dialog now (UpdateOperator, as the router asks):
    /// a head here means the router had stopped asking; none means the department's view kept them out.
    /// </summary>
    private async Task<string> DescribeStallAsync(Agent agent)
    {
        var snapshot = await _workspace.Operator(agent.OperatorId).GetSnapshot();
        var department = snapshot.Profile.Departments[0].DepartmentId;
        var head = await _workspace.Department(department).UpdateOperator(snapshot);
        return $"operator '{agent.OperatorId}' {snapshot.Status}, load {snapshot.Load}/{snapshot.Profile.Capacity} (version {snapshot.Version}), " +
               $"no assignment for {StallTimeout.TotalSeconds:0} s; department '{department}' offers {head?.ConversationId ?? "nothing"} when asked now";
    }

    /// <summary>What the grains say after a decision went missing, so a failed run explains itself.</summary>
    private async Task<string> LostDecisionAsync(Agent agent, string closed)
    {
        var snapshot = await _workspace.Operator(agent.OperatorId).GetSnapshot();
        var conversation = await _workspace.Conversation(closed).Get();
        return $"operator '{agent.OperatorId}' got no new dialog after closing '{closed}' (now {conversation.Status}), even after a nudge: " +
               $"operator {snapshot.Status}, load {snapshot.Load}/{snapshot.Profile.Capacity}, " +
               $"holds [{string.Join(", ", snapshot.Active.Select(d => d.ConversationId))}], the agent expected [{string.Join(", ", agent.Held)}]";
    }

    private async Task AgentLoopAsync(Agent agent, DecisionRound round, DecisionLatencies latencies)
    {
        while (round.TryStart())
        {
            var next = _watcher.NextAssignment(agent.OperatorId);
            var closeStartedAt = Stopwatch.GetTimestamp();
            var closing = agent.Held.Dequeue();
            await _workspace.Close(closing, "operator");
            Assignment assignment;
            try
            {
                assignment = await next.WaitAsync(StallTimeout);
            }
            catch (TimeoutException)
            {
                // Stalled: free capacity, dialogs waiting, and the router stopped trying. Count it, nudge the router
                // (an awaited Route, as a retry timer would), and go on; a second silence fails the run.
                latencies.RecordStall();
                if (latencies.Stalls <= 3) Console.WriteLine($"  stall: {await DescribeStallAsync(agent)}");
                await _workspace.Router(agent.OperatorId).Route();
                try
                {
                    assignment = await next.WaitAsync(StallTimeout);
                }
                catch (TimeoutException)
                {
                    throw new TimeoutException(await LostDecisionAsync(agent, closing));
                }
                agent.Held.Enqueue(assignment.ConversationId);
                round.Done();
                continue; // its latency is the timeout's, not the grains': counted as a stall, not in the percentiles
            }
            agent.Held.Enqueue(assignment.ConversationId);
            latencies.Record(closeStartedAt, assignment);
            round.Done();
        }
    }
}
