using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans;
using Routing.ClientApi.Auth;
using Routing.GrainInterfaces;

namespace Routing.ClientApi.Endpoints;

/// <summary>Keyword search over a workspace's messages: a supervisor's over every dialog, an operator's over the dialogs they may read.</summary>
internal static class SearchEndpoints
{
    private const string Syntax = "`q` is web search syntax, 1-200 characters: words are all required (case and accents do not matter; "
        + "whole words, no stemming), \"a phrase\" must appear as written, `a OR b` takes either, `-word` excludes. Hits come best first "
        + "(relevance, then newest; a query matching more than 1000 messages ranks its 1000 newest) with the conversation id and message sequence (read the dialog with its messages), author, time, "
        + "and a snippet of the text with the matched words at `highlights` (start and length in the snippet). `limit` 1-100 (default 20); "
        + "`nextCursor` (null on the last page) is the `cursor` of the next page; paging stops after 1000 hits (a narrower query finds the rest). "
        + "A query with nothing to find (empty, too long, only exclusions, no letter or digit) is refused with 400 `invalid-request`.";

    public static void Map(RouteGroupBuilder v1)
    {
        WorkspaceGroups.For(v1, ApiClaims.SupervisorPolicy, "Supervisor").MapGet("/messages/search", SupervisorSearch)
            .WithSummary("Searches every message of the workspace")
            .WithDescription(Syntax)
            .Produces<MessageSearchPage>();
        WorkspaceGroups.For(v1, ApiClaims.OperatorPolicy, "Operator").MapGet("/operator/messages/search", OperatorSearch)
            .WithSummary("Searches the messages of the dialogs the calling operator may read")
            .WithDescription("The dialogs of the departments the operator belongs to now, and those they held or wrote in. " + Syntax)
            .Produces<MessageSearchPage>();
    }

    private static async Task<IResult> SupervisorSearch(string ws,
        [Description("What to find, in web search syntax.")] string? q,
        [Description("At most this many hits, 1-100; default 20.")] int? limit,
        [Description("The `nextCursor` of the previous page, as given; absent for the first page.")] string? cursor,
        IGrainFactory grains) =>
        Results.Ok(await grains.GetGrain<IMessageSearchGrain>(RoutingKeys.Workspace(ws)).Search(new MessageSearchRequest(q, limit, cursor)));

    private static async Task<IResult> OperatorSearch(string ws,
        [Description("What to find, in web search syntax.")] string? q,
        [Description("At most this many hits, 1-100; default 20.")] int? limit,
        [Description("The `nextCursor` of the previous page, as given; absent for the first page.")] string? cursor,
        ClaimsPrincipal user, IGrainFactory grains) =>
        Results.Ok(await grains.GetGrain<IMessageSearchGrain>(RoutingKeys.Workspace(ws)).Search(
            new MessageSearchRequest(q, limit, cursor) { OperatorId = user.FindFirst(ApiClaims.OperatorId)!.Value }));
}
