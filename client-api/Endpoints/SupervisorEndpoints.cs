using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Routing.ClientApi.Auth;
using Routing.ClientApi.Errors;
using Routing.ClientApi.Operations;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Orleans;

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
        supervisor.MapGet("/queues/{departmentId}", Queue).WithSummary("One queue with its waiting dialogs, positions and expected waits (R16), a page at a time")
            .WithDescription("Queued and held (sticky) dialogs in serving order: priority (highest first), then the original wait, "
                + "numbered 1..n together; a held dialog has `heldFor`. At most `limit` (default 50, 1-500) per page; `nextAfter` "
                + "(null on the last page) is the `after` of the next page, which lists the dialogs served after the last one "
                + "listed, even when that one has left the queue meanwhile. Positions are those at the time of each read.")
            .Produces<QueueDetail>().ProducesProblem(400).ProducesProblem(404);
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
        supervisor.MapPost("/conversations/{conversationId}/move-to-channel", MoveToChannel)
            .WithSummary("Moves an assigned dialog to another of the customer's channels (issue 15)")
            .WithDescription(OperatorEndpoints.ChannelMoveDescription).Produces<ConversationResponse>().ProducesProblem(400).ProducesProblem(403)
            .ProducesProblem(404).ProducesProblem(409);
        supervisor.MapPost("/conversations/{conversationId}/close", Close).WithSummary("Closes the conversation").Produces<ConversationResponse>()
            .ProducesProblem(404);
    }

    private static async Task<IResult> Queues(string ws, SupervisorOperations operations) => Results.Ok(await operations.Queues(ws));

    private static async Task<IResult> Queue(string ws, string departmentId,
        [Description("Dialogs per page: 1-500, default 50.")] int? limit,
        [Description("The `nextAfter` of the previous page, as given; absent for the first page.")] string? after,
        SupervisorOperations operations) =>
        Results.Ok(await operations.QueueDetail(ws, departmentId, limit, after));

    private static async Task<IResult> OperatorStates(string ws, SupervisorOperations operations) => Results.Ok(await operations.OperatorStates(ws));

    private static async Task<IResult> OperatorStateOf(string ws, string operatorId, IGrainFactory grains, SupervisorOperations operations)
    {
        await operations.RequireOperator(ws, operatorId);
        return Results.Ok(SupervisorOperations.StateOf(await grains.GetGrain<IOperatorGrain>(RoutingKeys.Operator(ws, operatorId)).GetSnapshot()));
    }

    private static async Task<IResult> Ratings(string ws, string operatorId, IGrainFactory grains) =>
        await AdminEndpoints.OperatorExists(grains, ws, operatorId)
            ? Results.Ok(await grains.GetGrain<IOperatorRatingsGrain>(RoutingKeys.OperatorRatings(ws, operatorId)).Get())
            : ApiProblem.Missing($"no operator '{operatorId}'");

    private static async Task<IResult> SetStatus(string ws, string operatorId, StatusRequest? request, SupervisorOperations operations) =>
        Results.Ok(await operations.SetStatus(ws, operatorId, request?.Status));

    private static async Task<IResult> Conversation(string ws, string conversationId, SupervisorOperations operations) =>
        Results.Ok(new ConversationResponse(await operations.Conversation(ws, conversationId)));

    private static async Task<IResult> Timeline(string ws, string conversationId, IGrainFactory grains, SupervisorOperations operations)
    {
        await operations.Conversation(ws, conversationId);
        return Results.Ok(await grains.GetGrain<IConversationGrain>(RoutingKeys.Conversation(ws, conversationId)).GetTimeline());
    }

    private static async Task<IResult> Messages(string ws, string conversationId, long? from, int? limit, SupervisorOperations operations) =>
        Results.Ok(await operations.Messages(ws, conversationId, from, limit));

    private static async Task<IResult> Assign(string ws, string conversationId, AssignRequest? request, SupervisorOperations operations) =>
        Results.Ok(new ConversationResponse(await operations.Assign(ws, conversationId, request?.OperatorId, request?.Force ?? false, request?.Note)));

    private static async Task<IResult> MoveToChannel(string ws, string conversationId, MoveChannelRequest? request, SupervisorOperations operations) =>
        Results.Ok(new ConversationResponse(await operations.MoveToChannel(ws, conversationId, request?.Channel, request?.ExternalCustomerId)));

    private static async Task<IResult> Transfer(string ws, string conversationId, TransferRequest? request, SupervisorOperations operations) =>
        Results.Ok(new ConversationResponse(await operations.Transfer(ws, conversationId, request?.DepartmentId, request?.OperatorId, request?.Note)));

    private static async Task<IResult> Close(string ws, string conversationId, SupervisorOperations operations) =>
        Results.Ok(new ConversationResponse(await operations.Close(ws, conversationId, "supervisor")));
}
