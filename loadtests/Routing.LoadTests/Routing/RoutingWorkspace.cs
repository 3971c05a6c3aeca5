using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Orleans;

namespace Routing.LoadTests.Routing;

/// <summary>
/// Builds a workspace through the grains' public interfaces, many calls at a time: departments through the workspace
/// grain, operators on their operator and department grains, dialogs through intake (identity → customer →
/// conversation → department → operator), as customers' messages arrive.
/// </summary>
public sealed class RoutingWorkspace(IGrainFactory factory, string workspaceId = "ws1")
{
    /// <summary>Calls in flight during bulk set-up: enough to keep group commit batching, few enough to stay far from call timeouts.</summary>
    public const int Concurrency = 256;

    public string WorkspaceId => workspaceId;

    public static string OperatorId(int index) => $"op{index}";

    public static string DepartmentId(int index) => $"d{index}";

    public IOperatorGrain Operator(string id) => factory.GetGrain<IOperatorGrain>(RoutingKeys.Operator(workspaceId, id));

    public IOperatorRouterGrain Router(string operatorId) => factory.GetGrain<IOperatorRouterGrain>(RoutingKeys.OperatorRouter(workspaceId, operatorId));

    public IDepartmentGrain Department(string id) => factory.GetGrain<IDepartmentGrain>(RoutingKeys.Department(workspaceId, id));

    public IConversationGrain Conversation(string id) => factory.GetGrain<IConversationGrain>(RoutingKeys.Conversation(workspaceId, id));

    /// <summary>Closes it the one way the API does: through its control grain.</summary>
    public Task Close(string id, string by) =>
        factory.GetGrain<IConversationControlGrain>(RoutingKeys.ConversationControl(workspaceId, id)).Close(by, heldBy: null);

    /// <summary>Departments with default routing (least loaded, no tiers, no skills); entry rules send topic "dN" to department dN.</summary>
    public async Task AddDepartmentsAsync(int count)
    {
        var workspace = factory.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(workspaceId));
        for (var d = 0; d < count; d++)
            await workspace.ConfigureDepartment(DepartmentId(d), new DepartmentConfig { Name = DepartmentId(d) });
        if (count > 1)
            await workspace.SetEntryRouting(new EntryRouting(DepartmentId(0))
            {
                Rules = [.. Enumerable.Range(0, count).Select(d => new EntryRule(DepartmentId(d)) { Topics = [DepartmentId(d)] })],
            });
    }

    /// <summary>
    /// Offline operators, each a tier-1 member of one department. Not through IWorkspaceGrain.ConfigureOperator: the
    /// workspace keeps every profile in one state record, so a bulk set-up through it rewrites n profiles n times.
    /// </summary>
    public Task AddOperatorsAsync(int count, int capacity, Func<int, string> departmentOf) =>
        ForEachAsync(0, count, async i =>
        {
            var id = OperatorId(i);
            var department = departmentOf(i);
            await Operator(id).Configure(new OperatorProfile { Capacity = capacity, Departments = [new DepartmentMembership(department)] });
            await Department(department).SetMember(id, 1);
        });

    /// <summary>Brings operators online and waits until their routers have told every department (Route is awaited).</summary>
    public Task SetOnlineAsync(int count) =>
        ForEachAsync(0, count, async i =>
        {
            await Operator(OperatorId(i)).SetStatus(OperatorStatus.Online);
            await Router(OperatorId(i)).Route();
        });

    /// <summary>Waits until these operators' routers have finished what they were told (an awaited Route queues behind it).</summary>
    public async Task SettleRoutersAsync(IEnumerable<int> operators)
    {
        foreach (var i in operators)
            await Router(OperatorId(i)).Route();
    }

    /// <summary>One first message from each of customers <paramref name="first"/> … first + count − 1; counts how they landed.</summary>
    public async Task<(int Assigned, int Queued)> IntakeAsync(int first, int count, Func<int, string?> topicOf)
    {
        var intake = factory.GetGrain<IIntakeGrain>(RoutingKeys.Intake(workspaceId));
        int assigned = 0, queued = 0;
        await ForEachAsync(first, count, async i =>
        {
            var result = await intake.Receive(new IntakeMessage(Channel.Chat, $"u{i}", "hello") { Topic = topicOf(i) });
            if (result.Status == ConversationStatus.Assigned) Interlocked.Increment(ref assigned);
            else if (result.Status == ConversationStatus.Queued) Interlocked.Increment(ref queued);
        });
        return (assigned, queued);
    }

    private static Task ForEachAsync(int first, int count, Func<int, Task> body) =>
        Parallel.ForEachAsync(Enumerable.Range(first, count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
            async (i, _) => await body(i));
}
