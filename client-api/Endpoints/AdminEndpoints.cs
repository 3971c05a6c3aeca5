using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Routing.ClientApi.Auth;
using Routing.ClientApi.Errors;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Orleans;

namespace Routing.ClientApi.Endpoints;

/// <summary>Configuration by an admin key (R4-R7, R14, R17): departments, operators, schedules, customers, blocking, entry rules.</summary>
internal static class AdminEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var admin = WorkspaceGroups.For(v1, ApiClaims.AdminPolicy, "Admin");

        admin.MapPut("/departments/{departmentId}", PutDepartment).WithSummary("Creates or replaces a department").Produces<DepartmentResponse>();
        // Supervisors read the configuration (the wallboard shows each department's first-response target); only admins write it.
        var reader = WorkspaceGroups.For(v1, ApiClaims.SupervisorPolicy, "Admin");
        reader.MapGet("/departments/{departmentId}", GetDepartment).WithSummary("A department's configuration (supervisor or admin key)")
            .Produces<DepartmentResponse>().ProducesProblem(404);
        reader.MapGet("/departments", async (string ws, IGrainFactory grains) =>
            Results.Ok((await Workspace(grains, ws).GetDepartments()).OrderBy(d => d.Key, StringComparer.Ordinal)
                .Select(d => new DepartmentResponse(d.Key, d.Value)).ToList())).WithSummary("Every department's configuration (supervisor or admin key)")
            .Produces<List<DepartmentResponse>>();

        admin.MapPut("/operators/{operatorId}", PutOperator).WithSummary("Creates or replaces an operator's profile").Produces<OperatorResponse>();
        admin.MapGet("/operators/{operatorId}", GetOperator).Produces<OperatorResponse>().ProducesProblem(404);
        admin.MapGet("/operators", async (string ws, IGrainFactory grains) =>
        {
            var workspace = Workspace(grains, ws);
            var blocks = await workspace.GetOperatorBlocks();
            return Results.Ok((await workspace.GetOperators()).OrderBy(o => o.Key, StringComparer.Ordinal)
                .Select(o => new OperatorResponse(o.Key, o.Value) { Block = blocks.GetValueOrDefault(o.Key) }).ToList());
        }).Produces<List<OperatorResponse>>();
        admin.MapPut("/operators/{operatorId}/schedule", PutSchedule).WithSummary("Sets an operator's work schedule (R14)").Produces<OperatorState>();
        admin.MapDelete("/operators/{operatorId}/schedule", DeleteSchedule).WithSummary("Removes an operator's work schedule").Produces<OperatorState>();

        admin.MapGet("/customers/{customerId}", GetCustomer).Produces<CustomerView>().ProducesProblem(404);
        admin.MapPut("/customers/{customerId}/personal-manager", PutPersonalManager).WithSummary("Sets (or clears, operatorId null) the personal manager (R9)")
            .Produces<CustomerView>();
        admin.MapPut("/customers/{customerId}/block", (string ws, string customerId, IGrainFactory grains) => BlockCustomer(ws, customerId, true, grains))
            .WithSummary("Blocks a customer (R17)").Produces<CustomerView>();
        admin.MapDelete("/customers/{customerId}/block", (string ws, string customerId, IGrainFactory grains) => BlockCustomer(ws, customerId, false, grains))
            .WithSummary("Unblocks a customer").Produces<CustomerView>();
        admin.MapGet("/identities/{channel}/{externalId}", GetIdentity).WithSummary("A channel identity: its customer and whether it is blocked")
            .Produces<IdentityResponse>();
        admin.MapPut("/identities/{channel}/{externalId}/block", (string ws, string channel, string externalId, IGrainFactory grains) =>
            BlockIdentity(ws, channel, externalId, true, grains)).WithSummary("Blocks a channel identity (R17), even before it ever wrote")
            .Produces<IdentityResponse>();
        admin.MapDelete("/identities/{channel}/{externalId}/block", (string ws, string channel, string externalId, IGrainFactory grains) =>
            BlockIdentity(ws, channel, externalId, false, grains)).WithSummary("Unblocks a channel identity").Produces<IdentityResponse>();

        admin.MapPut("/entry-routing", PutEntryRouting).WithSummary("Replaces the entry rules (R7)").Produces<EntryRouting>();
        admin.MapGet("/entry-routing", GetEntryRouting).Produces<EntryRouting>().ProducesProblem(404);
    }

    private static async Task<IResult> PutDepartment(string ws, string departmentId, DepartmentConfig? config, IGrainFactory grains)
    {
        if (!Ids.IsId(departmentId)) return InvalidId("departmentId");
        if (RequestValidation.Department(config) is { } problem) return ApiProblem.Invalid(problem);
        await Workspace(grains, ws).ConfigureDepartment(departmentId, config!);
        return Results.Ok(new DepartmentResponse(departmentId, config!));
    }

    private static async Task<IResult> GetDepartment(string ws, string departmentId, IGrainFactory grains) =>
        (await Workspace(grains, ws).GetDepartments()).TryGetValue(departmentId, out var config)
            ? Results.Ok(new DepartmentResponse(departmentId, config))
            : ApiProblem.Missing($"no department '{departmentId}'");

    private static async Task<IResult> PutOperator(string ws, string operatorId, OperatorProfile? profile, IGrainFactory grains)
    {
        if (!Ids.IsId(operatorId)) return InvalidId("operatorId");
        if (RequestValidation.Operator(profile) is { } problem) return ApiProblem.Invalid(problem);
        var workspace = Workspace(grains, ws);
        await workspace.ConfigureOperator(operatorId, profile!); // a new one beyond the seats: 409 seat-limit-reached
        return Results.Ok(new OperatorResponse(operatorId, profile!) { Block = (await workspace.GetOperatorBlocks()).GetValueOrDefault(operatorId) });
    }

    private static async Task<IResult> GetOperator(string ws, string operatorId, IGrainFactory grains)
    {
        var workspace = Workspace(grains, ws);
        return (await workspace.GetOperators()).TryGetValue(operatorId, out var profile)
            ? Results.Ok(new OperatorResponse(operatorId, profile) { Block = (await workspace.GetOperatorBlocks()).GetValueOrDefault(operatorId) })
            : ApiProblem.Missing($"no operator '{operatorId}'");
    }

    private static async Task<IResult> PutSchedule(string ws, string operatorId, WorkSchedule? schedule, IGrainFactory grains)
    {
        if (RequestValidation.Schedule(schedule) is { } problem) return ApiProblem.Invalid(problem);
        return await SetSchedule(ws, operatorId, schedule, grains);
    }

    private static Task<IResult> DeleteSchedule(string ws, string operatorId, IGrainFactory grains) => SetSchedule(ws, operatorId, null, grains);

    private static async Task<IResult> SetSchedule(string ws, string operatorId, WorkSchedule? schedule, IGrainFactory grains)
    {
        if (!await OperatorExists(grains, ws, operatorId)) return ApiProblem.Missing($"no operator '{operatorId}'");
        var snapshot = await grains.GetGrain<IOperatorGrain>(RoutingKeys.Operator(ws, operatorId)).SetSchedule(schedule);
        return Results.Ok(Operations.SupervisorOperations.StateOf(snapshot));
    }

    private static async Task<IResult> GetCustomer(string ws, string customerId, IGrainFactory grains) =>
        await FindCustomer(grains, ws, customerId) is { } view ? Results.Ok(view) : ApiProblem.Missing($"no customer '{customerId}'");

    private static async Task<IResult> PutPersonalManager(string ws, string customerId, PersonalManagerRequest? request, IGrainFactory grains)
    {
        if (request is null) return ApiProblem.Invalid("the body must be {\"operatorId\": \"...\"} (null clears)");
        if (request.OperatorId is { } manager && !await OperatorExists(grains, ws, manager)) return ApiProblem.Invalid($"no operator '{manager}'");
        if (await FindCustomer(grains, ws, customerId) is null) return ApiProblem.Missing($"no customer '{customerId}'");
        var customer = Customer(grains, ws, customerId);
        await customer.SetPersonalManager(request.OperatorId);
        return Results.Ok(await customer.Get());
    }

    private static async Task<IResult> BlockCustomer(string ws, string customerId, bool blocked, IGrainFactory grains)
    {
        if (await FindCustomer(grains, ws, customerId) is null) return ApiProblem.Missing($"no customer '{customerId}'");
        var customer = Customer(grains, ws, customerId);
        await customer.SetBlocked(blocked);
        return Results.Ok(await customer.Get());
    }

    private static async Task<IResult> GetIdentity(string ws, string channel, string externalId, IGrainFactory grains)
    {
        if (!TryChannel(channel, out var parsed)) return ApiProblem.Invalid("channel must be chat, messenger, social, email or voice");
        if (!Ids.IsExternalId(externalId)) return InvalidId("externalId");
        var view = await grains.GetGrain<IIdentityIndexGrain>(RoutingKeys.Identity(ws, parsed, externalId)).Get();
        return Results.Ok(new IdentityResponse(parsed, externalId, view.CustomerId, view.Blocked));
    }

    private static async Task<IResult> BlockIdentity(string ws, string channel, string externalId, bool blocked, IGrainFactory grains)
    {
        if (!TryChannel(channel, out var parsed)) return ApiProblem.Invalid("channel must be chat, messenger, social, email or voice");
        if (!Ids.IsExternalId(externalId)) return InvalidId("externalId");
        var identity = grains.GetGrain<IIdentityIndexGrain>(RoutingKeys.Identity(ws, parsed, externalId));
        await identity.SetBlocked(blocked);
        var view = await identity.Get();
        return Results.Ok(new IdentityResponse(parsed, externalId, view.CustomerId, view.Blocked));
    }

    private static async Task<IResult> PutEntryRouting(string ws, EntryRouting? routing, IGrainFactory grains)
    {
        if (RequestValidation.Entry(routing) is { } problem) return ApiProblem.Invalid(problem);
        await Workspace(grains, ws).SetEntryRouting(routing!);
        return Results.Ok(routing);
    }

    private static async Task<IResult> GetEntryRouting(string ws, IGrainFactory grains)
    {
        var workspace = Workspace(grains, ws);
        if ((await workspace.GetDepartments()).Count == 0) return ApiProblem.Missing("the workspace has no department yet");
        return Results.Ok((await workspace.GetEntryConfig()).Routing);
    }

    internal static bool TryChannel(string text, out Channel channel) =>
        Enum.TryParse(text, ignoreCase: true, out channel) && Enum.IsDefined(channel) && !char.IsAsciiDigit(text[0]) && text[0] != '-';

    internal static async Task<bool> OperatorExists(IGrainFactory grains, string ws, string operatorId) =>
        Ids.IsId(operatorId) && (await Workspace(grains, ws).GetOperators()).ContainsKey(operatorId);

    /// <summary>The customer, or null when no message ever created it (reading does not create it).</summary>
    internal static async Task<CustomerView?> FindCustomer(IGrainFactory grains, string ws, string customerId)
    {
        if (!Ids.IsDerivedId(customerId)) return null;
        var view = await Customer(grains, ws, customerId).Get();
        return view.Identities.Count == 0 && view.ConversationCount == 0 && !view.Blocked && view.PersonalManagerId is null
            && view.Card.UpdatedAt is null && view.Reminder is null ? null : view;
    }

    private static ICustomerGrain Customer(IGrainFactory grains, string ws, string customerId) =>
        grains.GetGrain<ICustomerGrain>(RoutingKeys.Customer(ws, customerId));

    private static IWorkspaceGrain Workspace(IGrainFactory grains, string ws) => WorkspaceEndpoints.Workspace(grains, ws);

    private static IResult InvalidId(string name) => ApiProblem.Invalid($"{name} is not a valid id");
}
