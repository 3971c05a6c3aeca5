using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Routing.ClientApi.Auth;
using Routing.ClientApi.Errors;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Orleans;

namespace Routing.ClientApi.Endpoints;

/// <summary>A channel's webhook (outbound operator messages, closes, rating prompts): admins set, read and remove it.</summary>
internal static class WebhookEndpoints
{
    private const string ChannelProblem = "channel must be chat, messenger, social, email or voice";

    public static void Map(RouteGroupBuilder v1)
    {
        var admin = WorkspaceGroups.For(v1, ApiClaims.AdminPolicy, "Webhooks");
        admin.MapPut("/channels/{channel}/webhook", Put).WithSummary("Sets the channel's webhook: outbound events are POSTed to it, signed with the secret")
            .Produces<WebhookStatus>();
        admin.MapGet("/channels/{channel}/webhook", Get).WithSummary("The channel's webhook (never its secret) and its deliveries: pending, delivered, dead letters")
            .Produces<WebhookStatus>();
        admin.MapDelete("/channels/{channel}/webhook", Delete).WithSummary("Removes the channel's webhook; events still waiting are dead-lettered")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(404);
    }

    private static async Task<IResult> Put(string ws, string channel, WebhookRequest? request, IGrainFactory grains)
    {
        if (!AdminEndpoints.TryChannel(channel, out var parsed)) return ApiProblem.Invalid(ChannelProblem);
        if (request is null) return ApiProblem.Invalid("the body must be {\"url\": \"https://...\", \"secret\": \"...\"}");
        var webhook = new ChannelWebhook(request.Url ?? "", request.Secret ?? "");
        if (webhook.Problem() is { } problem) return ApiProblem.Invalid(problem);
        var outbox = Outbox(grains, ws, parsed);
        await outbox.ConfigureWebhook(webhook);
        return Results.Ok(await outbox.GetStatus());
    }

    private static async Task<IResult> Get(string ws, string channel, IGrainFactory grains) =>
        AdminEndpoints.TryChannel(channel, out var parsed) ? Results.Ok(await Outbox(grains, ws, parsed).GetStatus()) : ApiProblem.Invalid(ChannelProblem);

    private static async Task<IResult> Delete(string ws, string channel, IGrainFactory grains)
    {
        if (!AdminEndpoints.TryChannel(channel, out var parsed)) return ApiProblem.Invalid(ChannelProblem);
        return await Outbox(grains, ws, parsed).RemoveWebhook() ? Results.NoContent() : ApiProblem.Missing($"channel '{channel}' has no webhook");
    }

    private static IChannelOutboxGrain Outbox(IGrainFactory grains, string ws, Channel channel) =>
        grains.GetGrain<IChannelOutboxGrain>(RoutingKeys.ChannelOutbox(ws, channel));
}

/// <summary>PUT /channels/{channel}/webhook: where to POST (absolute http/https URL) and the signing secret (16-256 characters).</summary>
public sealed record WebhookRequest(string? Url, string? Secret);
