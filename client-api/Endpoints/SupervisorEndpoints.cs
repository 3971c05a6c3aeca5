using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Routing.ClientApi.Auth;
using Routing.ClientApi.Errors;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Runtime;

namespace Routing.ClientApi.Endpoints;

/// <summary>What supervisors (and admins) watch and do by hand (R6, R12, R16): queues, operators, moves, closing, timelines.</summary>
internal static class SupervisorEndpoints
{
    public const int DefaultWaitingLimit = 50;
    public const int MaxWaitingLimit = 500;
    public const int DefaultMessageLimit = 100;

    public static void Map(RouteGroupBuilder v1)
    {
        var supervisor = WorkspaceGroups.For(v1, ApiClaims.SupervisorPolicy, "Supervisor");

        supervisor.MapGet("/queues", Queues).WithSummary("Every department's queue: depth and longest wait").Produces<List<QueueSummary>>();
        supervisor.MapGet("/queues/{departmentId}", Queue).WithSummary("One queue with its waiting dialogs, positions and expected waits (R16)")
            .Produces<QueueDetail>().ProducesProblem(404);
        supervisor.MapGet("/operator-states", OperatorStates).WithSummary("Every operator's status and load").Produces<List<OperatorState>>();
        supervisor.MapGet("/operator-states/{operatorId}", OperatorStateOf).Produces<OperatorState>().ProducesProblem(404);
        supervisor.MapGet("/operators/{operatorId}/ratings", Ratings)
            .WithSummary("An operator's customer ratings (R19): count and sum per scale, and the mean normalized to 0-1")
            .Produces<OperatorRatings>().ProducesProblem(404);
        supervisor.MapPut("/operators/{operatorId}/status", SetStatus).WithSummary("Switches an operator to online, away or offline")
            .Produces<OperatorState>().ProducesProblem(404).ProducesProblem(409);

        supervisor.MapGet("/conversations/{conversationId}", Conversation).Produces<ConversationResponse>().ProducesProblem(404);
        supervisor.MapGet("/conversations/{conversationId}/timeline", Timeline).Produces<List<TimelineEvent>>().ProducesProblem(404);
        supervisor.MapGet("/conversations/{conversationId}/messages", Messages)
            .WithSummary("The stored messages from sequence `from` (default 1), at most `limit` (default 100, at most 500), in order")
            .Produces<List<ConversationMessage>>().ProducesProblem(404);
        supervisor.MapPost("/conversations/{conversationId}/assign", Assign).WithSummary("Assigns by hand (force: beyond capacity)")
            .Produces<ConversationResponse>().ProducesProblem(404).ProducesProblem(409);
        supervisor.MapPost("/conversations/{conversationId}/transfer", Transfer).WithSummary("Moves to a department's queue or to an operator (R12)")
            .Produces<ConversationResponse>().ProducesProblem(404).ProducesProblem(409);
        supervisor.MapPost("/conversations/{conversationId}/close", Close).WithSummary("Closes the conversation").Produces<ConversationResponse>()
            .ProducesProblem(404);
    }

    private static async Task<IResult> Queues(string ws, IGrainFactory grains, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var summaries = new List<QueueSummary>();
        foreach (var departmentId in (await Workspace(grains, ws).GetDepartments()).Keys.Order(StringComparer.Ordinal))
        {
            var waiting = await Department(grains, ws, departmentId).GetWaitingDialogs();
            DateTimeOffset? oldest = waiting.Count == 0 ? null : waiting.Min(w => w.WaitingSince);
            summaries.Add(new QueueSummary(departmentId, waiting.Count, Seconds(now - oldest), oldest));
        }
        return Results.Ok(summaries);
    }

    private static async Task<IResult> Queue(string ws, string departmentId, int? limit, IGrainFactory grains, TimeProvider time)
    {
        if (limit is < 1 or > MaxWaitingLimit) return ApiProblem.Invalid($"limit must be between 1 and {MaxWaitingLimit}");
        if (!(await Workspace(grains, ws).GetDepartments()).ContainsKey(departmentId)) return ApiProblem.Missing($"no department '{departmentId}'");
        var department = Department(grains, ws, departmentId);
        var now = time.GetUtcNow();
        var waiting = await department.GetWaitingDialogs();
        var listed = new List<WaitingDialog>();
        foreach (var dialog in waiting.Take(limit ?? DefaultWaitingLimit))
        {
            // Held dialogs (R9) wait for one operator and have no place in the shared queue.
            var position = await department.GetQueuePosition(dialog.ConversationId);
            listed.Add(new WaitingDialog(dialog.ConversationId, position?.Position ?? 0, dialog.Priority, dialog.WaitingSince,
                (now - dialog.WaitingSince).TotalSeconds, position?.ExpectedWait?.TotalSeconds, dialog.HeldFor, dialog.SkippedOperators));
        }
        DateTimeOffset? oldest = waiting.Count == 0 ? null : waiting.Min(w => w.WaitingSince);
        return Results.Ok(new QueueDetail(departmentId, waiting.Count, Seconds(now - oldest), listed));
    }

    private static async Task<IResult> OperatorStates(string ws, IGrainFactory grains)
    {
        var states = new List<OperatorState>();
        foreach (var operatorId in (await Workspace(grains, ws).GetOperators()).Keys.Order(StringComparer.Ordinal))
            states.Add(StateOf(await Operator(grains, ws, operatorId).GetSnapshot()));
        return Results.Ok(states);
    }

    private static async Task<IResult> OperatorStateOf(string ws, string operatorId, IGrainFactory grains) =>
        await AdminEndpoints.OperatorExists(grains, ws, operatorId)
            ? Results.Ok(StateOf(await Operator(grains, ws, operatorId).GetSnapshot()))
            : ApiProblem.Missing($"no operator '{operatorId}'");

    private static async Task<IResult> Ratings(string ws, string operatorId, IGrainFactory grains) =>
        await AdminEndpoints.OperatorExists(grains, ws, operatorId)
            ? Results.Ok(await grains.GetGrain<IOperatorRatingsGrain>(RoutingKeys.OperatorRatings(ws, operatorId)).Get())
            : ApiProblem.Missing($"no operator '{operatorId}'");

    private static async Task<IResult> SetStatus(string ws, string operatorId, StatusRequest? request, IGrainFactory grains)
    {
        if (request?.Status is not ({ } status and (OperatorStatus.Online or OperatorStatus.Away or OperatorStatus.Offline)))
            return ApiProblem.Invalid("status must be online, away or offline");
        if (!await AdminEndpoints.OperatorExists(grains, ws, operatorId)) return ApiProblem.Missing($"no operator '{operatorId}'");
        return Results.Ok(StateOf(await Operator(grains, ws, operatorId).SetStatus(status)));
    }

    private static async Task<IResult> Conversation(string ws, string conversationId, IGrainFactory grains) =>
        await Find(grains, ws, conversationId) is { } view ? Results.Ok(new ConversationResponse(view)) : NoConversation(conversationId);

    private static async Task<IResult> Timeline(string ws, string conversationId, IGrainFactory grains) =>
        await Find(grains, ws, conversationId) is null
            ? NoConversation(conversationId)
            : Results.Ok(await grains.GetGrain<IConversationGrain>(RoutingKeys.Conversation(ws, conversationId)).GetTimeline());

    private static async Task<IResult> Messages(string ws, string conversationId, long? from, int? limit, IGrainFactory grains)
    {
        if (from is < 1) return ApiProblem.Invalid("from must be at least 1");
        if (limit is < 1 or > ConversationMessage.MaxReadCount) return ApiProblem.Invalid($"limit must be between 1 and {ConversationMessage.MaxReadCount}");
        return await Find(grains, ws, conversationId) is null
            ? NoConversation(conversationId)
            : Results.Ok(await grains.GetGrain<IConversationGrain>(RoutingKeys.Conversation(ws, conversationId))
                .GetMessages(from ?? 1, limit ?? DefaultMessageLimit));
    }

    private static async Task<IResult> Assign(string ws, string conversationId, AssignRequest? request, IGrainFactory grains)
    {
        if (request is null || !Ids.IsId(request.OperatorId)) return ApiProblem.Invalid("operatorId is required and must be a valid id");
        if (Note(request.Note) is { } problem) return problem;
        if (await Find(grains, ws, conversationId) is null) return NoConversation(conversationId);
        await Control(grains, ws, conversationId).AssignByHand(request.OperatorId!, request.Force, request.Note ?? "");
        return await Current(grains, ws, conversationId);
    }

    private static async Task<IResult> Transfer(string ws, string conversationId, TransferRequest? request, IGrainFactory grains)
    {
        if (request is null || (request.DepartmentId is null) == (request.OperatorId is null))
            return ApiProblem.Invalid("give exactly one of departmentId and operatorId");
        if (!Ids.IsId(request.DepartmentId ?? request.OperatorId)) return ApiProblem.Invalid("the target is not a valid id");
        if (Note(request.Note) is { } problem) return problem;
        if (await Find(grains, ws, conversationId) is null) return NoConversation(conversationId);
        var control = Control(grains, ws, conversationId);
        if (request.DepartmentId is { } departmentId) await control.TransferToDepartment(departmentId, request.Note ?? "");
        else await control.TransferToOperator(request.OperatorId!, request.Note ?? "");
        return await Current(grains, ws, conversationId);
    }

    private static async Task<IResult> Close(string ws, string conversationId, IGrainFactory grains)
    {
        if (await Find(grains, ws, conversationId) is null) return NoConversation(conversationId);
        await grains.GetGrain<IConversationGrain>(RoutingKeys.Conversation(ws, conversationId)).Close("supervisor");
        return await Current(grains, ws, conversationId);
    }

    internal static OperatorState StateOf(OperatorSnapshot snapshot) =>
        new(snapshot.OperatorId, snapshot.Status, snapshot.Load, snapshot.Profile.Capacity, snapshot.Active.Select(a => a.ConversationId).ToList(),
            snapshot.ShiftEndsAt);

    private static async Task<IResult> Current(IGrainFactory grains, string ws, string conversationId) =>
        Results.Ok(new ConversationResponse((await Find(grains, ws, conversationId))!));

    private static async Task<ConversationView?> Find(IGrainFactory grains, string ws, string conversationId) =>
        Ids.IsDerivedId(conversationId) ? await grains.GetGrain<IConversationGrain>(RoutingKeys.Conversation(ws, conversationId)).Find() : null;

    private static IResult? Note(string? note) =>
        note is { Length: > 2000 } ? ApiProblem.Invalid("note is at most 2000 characters") : null;

    private static IResult NoConversation(string conversationId) => ApiProblem.Missing($"no conversation '{conversationId}'");

    private static double? Seconds(TimeSpan? span) => span?.TotalSeconds;

    private static IWorkspaceGrain Workspace(IGrainFactory grains, string ws) => WorkspaceEndpoints.Workspace(grains, ws);

    private static IDepartmentGrain Department(IGrainFactory grains, string ws, string id) => grains.GetGrain<IDepartmentGrain>(RoutingKeys.Department(ws, id));

    private static IOperatorGrain Operator(IGrainFactory grains, string ws, string id) => grains.GetGrain<IOperatorGrain>(RoutingKeys.Operator(ws, id));

    private static IConversationControlGrain Control(IGrainFactory grains, string ws, string id) =>
        grains.GetGrain<IConversationControlGrain>(RoutingKeys.ConversationControl(ws, id));
}
