using System.Text.Json;
using System.Threading.RateLimiting;
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

/// <summary>Customer messages from channel connectors (R2, R7, R17, R18), idempotent by the Idempotency-Key header.</summary>
internal static class IntakeEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const string ChannelKeyPolicy = "intake-channel-key";
    public const int MaxIdempotencyKeyLength = 255;

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/workspaces/{ws}/messages", Receive).RequireAuthorization(ApiClaims.ChannelPolicy).RequireRateLimiting(ChannelKeyPolicy)
            .WithTags("Channel intake").WithSummary("A customer's message: into their open dialog or a new one, routed at once")
            .Produces<IntakeResponse>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(422).ProducesProblem(429);
        v1.MapPost("/workspaces/{ws}/conversations/{conversationId}/rating", Rate).RequireAuthorization(ApiClaims.ChannelPolicy)
            .RequireRateLimiting(ChannelKeyPolicy).WithTags("Channel intake")
            .WithSummary("The customer's rating of a closed conversation that asked for one (R19): once, 1 to its scale")
            .Produces<ConversationResponse>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .ProducesProblem(429);
    }

    private static async Task<IResult> Rate(string ws, string conversationId, RatingRequest? request, IGrainFactory grains)
    {
        if (request?.Score is not { } score) return ApiProblem.Invalid("score is required");
        if (request.Comment is { Length: > RatingSettings.MaxCommentLength }) return ApiProblem.Invalid($"comment is at most {RatingSettings.MaxCommentLength} characters");
        if (!Ids.IsDerivedId(conversationId)) return ApiProblem.Missing($"no conversation '{conversationId}'");
        var conversation = grains.GetGrain<IConversationGrain>(RoutingKeys.Conversation(ws, conversationId));
        if (await conversation.Find() is null) return ApiProblem.Missing($"no conversation '{conversationId}'");
        return Results.Ok(new ConversationResponse(await conversation.Rate(score, request.Comment)));
    }

    private static async Task<IResult> Receive(string ws, IntakeRequest? request, HttpContext http, IntakeOperations intake, IntakeRateLimiter limiter)
    {
        if (RequestValidation.Message(request) is { } problem) return ApiProblem.Invalid(problem);
        string? idempotencyKey = http.Request.Headers[IdempotencyKeyHeader];
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength || !idempotencyKey.All(c => c is >= ' ' and <= '~')))
            return ApiProblem.Invalid($"{IdempotencyKeyHeader} must be 1-{MaxIdempotencyKeyLength} printable ASCII characters");

        var channel = request!.Channel!.Value;
        using var lease = await limiter.AcquireAsync($"{ws}/{channel}:{request.ExternalCustomerId}", http.RequestAborted);
        if (!lease.IsAcquired) return limiter.Rejected(lease);

        var message = new IntakeMessage(channel, request.ExternalCustomerId!, request.Text ?? "")
        {
            Topic = request.Topic,
            Language = request.Language,
            Priority = request.Priority, // null: the entry rule's (issue 15)
            Attachments = request.Attachments ?? [],
        };
        // A connector's keys and the widget's clientMessageIds ("widget/...") live in separate key spaces.
        var (result, replayed) = await intake.Receive(ws, message, idempotencyKey is null ? null : "rest/" + idempotencyKey, JsonSerializer.Serialize(request));
        if (replayed) http.Response.Headers[ReplayedHeader] = "true";
        return Results.Ok(new IntakeResponse(result.CustomerId, result.ConversationId, result.NewConversation, result.Status,
            result.DepartmentId, result.OperatorId, result.QueuePosition));
    }
}

/// <summary>
/// The per-customer-address intake limit (workspace + channel + external id), with System.Threading.RateLimiting's
/// partitioned fixed-window limiter. The address is in the body, so the endpoint acquires it after binding; the
/// per-remote-IP limit runs in ASP.NET Core's rate-limiting middleware before.
/// </summary>
public sealed class IntakeRateLimiter(ClientApiOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.IntakePerCustomer, Window = options.IntakeWindow, QueueLimit = 0, AutoReplenishment = true,
        }));

    public ValueTask<RateLimitLease> AcquireAsync(string address, CancellationToken cancellationToken) => _limiter.AcquireAsync(address, 1, cancellationToken);

    public IResult Rejected(RateLimitLease lease) => Rejection(lease, "this customer address sent too many messages; retry later");

    public static IResult Rejection(RateLimitLease lease, string detail)
    {
        var extensions = new Dictionary<string, object?> { [ApiProblem.CodeExtension] = ErrorCodes.RateLimited };
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)) extensions["retryAfterSeconds"] = (int)Math.Ceiling(retryAfter.TotalSeconds);
        return TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status429TooManyRequests, extensions: extensions);
    }

    public void Dispose() => _limiter.Dispose();
}
