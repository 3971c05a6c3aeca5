using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

/// <summary>One test workspace on a silo: configuration shortcuts, intake, and a view of where every dialog is.</summary>
internal sealed class RoutingWorld(IGrainFactory factory, string workspaceId = "ws1")
{
    public IGrainFactory Factory { get; set; } = factory;
    public string WorkspaceId { get; } = workspaceId;
    public List<string> Departments { get; } = [];
    public List<string> Operators { get; } = [];

    public IWorkspaceGrain Workspace => Factory.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(WorkspaceId));
    public IOperatorGrain Operator(string id) => Factory.GetGrain<IOperatorGrain>(RoutingKeys.Operator(WorkspaceId, id));
    public IDepartmentGrain Department(string id) => Factory.GetGrain<IDepartmentGrain>(RoutingKeys.Department(WorkspaceId, id));
    public IConversationGrain Conversation(string id) => Factory.GetGrain<IConversationGrain>(RoutingKeys.Conversation(WorkspaceId, id));
    public IConversationControlGrain Control(string id) => Factory.GetGrain<IConversationControlGrain>(RoutingKeys.ConversationControl(WorkspaceId, id));

    /// <summary>Closes it the one way the API does: through its control grain (by a customer, operator or supervisor).</summary>
    public Task Close(string conversationId, string by, string? heldBy = null) => Control(conversationId).Close(by, heldBy);

    public ICustomerGrain Customer(string id) => Factory.GetGrain<ICustomerGrain>(RoutingKeys.Customer(WorkspaceId, id));

    public async Task AddDepartment(string id, RoutingStrategy strategy = RoutingStrategy.LeastLoaded)
    {
        await Workspace.ConfigureDepartment(id, new DepartmentConfig { Routing = RoutingSettings.Default with { Strategy = strategy } });
        if (!Departments.Contains(id)) Departments.Add(id);
    }

    public async Task AddOperator(string id, int capacity, params string[] departments)
    {
        await Workspace.ConfigureOperator(id, new OperatorProfile
        {
            Capacity = capacity,
            Departments = departments.Select(d => new DepartmentMembership(d)).ToList(),
        });
        if (!Operators.Contains(id)) Operators.Add(id);
    }

    /// <summary>"support" widens to tier 2 after 30 s; "senior" (tier 1) and "backup" (tier 2), capacity 1 each, are online.</summary>
    public async Task AddTieredSupport()
    {
        await Workspace.ConfigureDepartment("support", new DepartmentConfig
        {
            Routing = RoutingSettings.Default with { TierSteps = [new TierStep(1, TimeSpan.Zero), new TierStep(2, TimeSpan.FromSeconds(30))] },
        });
        Departments.Add("support");
        await Workspace.ConfigureOperator("senior", new OperatorProfile { Capacity = 1, Departments = [new DepartmentMembership("support", 1)] });
        await Workspace.ConfigureOperator("backup", new OperatorProfile { Capacity = 1, Departments = [new DepartmentMembership("support", 2)] });
        Operators.AddRange(["senior", "backup"]);
        await Online("senior");
        await Online("backup");
    }

    public Task Online(string id) => Operator(id).SetStatus(OperatorStatus.Online);

    public Task<IntakeResult> Intake(string externalId, string text = "hello", Priority? priority = null,
        Channel channel = Channel.Chat, string? topic = null) =>
        Factory.GetGrain<IIntakeGrain>(RoutingKeys.Intake(WorkspaceId))
            .Receive(new IntakeMessage(channel, externalId, text) { Priority = priority, Topic = topic });

    /// <summary>
    /// Lets one-way notifications land: every department first (withdrawals queued before this call), then every
    /// operator's router (capacity freed). Requests are admitted in arrival order, so after these awaited calls
    /// everything sent before them has been processed.
    /// </summary>
    public async Task Settle()
    {
        foreach (var department in Departments) await Department(department).Flush();
        foreach (var op in Operators)
            await Factory.GetGrain<IOperatorRouterGrain>(RoutingKeys.OperatorRouter(WorkspaceId, op)).Route();
        foreach (var department in Departments) await Department(department).Flush();
    }

    public async Task<Dictionary<string, OperatorSnapshot>> Snapshots()
    {
        var result = new Dictionary<string, OperatorSnapshot>();
        foreach (var op in Operators) result[op] = await Operator(op).GetSnapshot();
        return result;
    }

    public async Task<Dictionary<string, IReadOnlyList<string>>> Queues()
    {
        var result = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var department in Departments) result[department] = await Department(department).GetWaiting();
        return result;
    }
}
