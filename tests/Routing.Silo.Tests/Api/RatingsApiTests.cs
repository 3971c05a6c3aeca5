using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Routing.GrainInterfaces;
using Orleans;

namespace Routing.Silo.Tests.Api;

/// <summary>R19 over HTTP: the channel relays the customer's rating once; supervisors read the operator's aggregate.</summary>
public sealed class RatingsApiTests
{
    private const string W = "/v1/workspaces/acme";

    [Fact]
    public async Task A_channel_rates_a_closed_dialog_once_and_a_supervisor_reads_the_operators_ratings()
    {
        await using var world = await ApiWorld.StartAsync();
        var admin = await world.CreateWorkspaceAsync("acme");
        var channel = await world.CreateKeyAsync("acme", admin, "channel");
        var supervisor = await world.CreateKeyAsync("acme", admin, "supervisor");
        var department = await world.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support", ratingScale = 5, ratingPromptAfterMessages = 2 });
        Assert.Equal(5, department.GetProperty("config").GetProperty("ratingScale").GetInt32());
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann", admin, new { capacity = 2, departments = new[] { new { departmentId = "support" } } });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann/status", admin, new { status = "online" });
        var opened = await world.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = "v1", text = "hello" });
        var conversation = opened.GetProperty("conversationId").GetString()!;
        var rating = $"{W}/conversations/{conversation}/rating";

        // Not closed yet: nothing was asked for.
        using (var early = await world.SendAsync(HttpMethod.Post, rating, channel, new { score = 5 }))
            await ApiWorld.AssertProblemAsync(early, HttpStatusCode.Conflict, RoutingRefusedException.RatingNotRequested);

        // The operator's reply has no endpoint yet: it is written through the grain, as the operator console will.
        var grains = world.Silo.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IConversationGrain>(RoutingKeys.Conversation("acme", conversation)).AddOperatorMessage("ann", "hi, how can I help?");
        await world.OkAsync(HttpMethod.Post, $"{W}/conversations/{conversation}/close", supervisor);

        using (var offScale = await world.SendAsync(HttpMethod.Post, rating, channel, new { score = 6 }))
            await ApiWorld.AssertProblemAsync(offScale, HttpStatusCode.BadRequest, "invalid-request");
        var rated = await world.OkAsync(HttpMethod.Post, rating, channel, new { score = 4, comment = "kind" });
        var stored = rated.GetProperty("conversation").GetProperty("rating");
        Assert.Equal((4, 5, "kind", "ann"), (stored.GetProperty("score").GetInt32(), stored.GetProperty("scale").GetInt32(),
            stored.GetProperty("comment").GetString(), stored.GetProperty("operatorId").GetString()));
        using (var twice = await world.SendAsync(HttpMethod.Post, rating, channel, new { score = 1 }))
            await ApiWorld.AssertProblemAsync(twice, HttpStatusCode.Conflict, RoutingRefusedException.AlreadyRated);

        var ratings = await world.GetJsonAsync($"{W}/operators/ann/ratings", supervisor);
        Assert.Equal(("ann", 1, 0.75), (ratings.GetProperty("operatorId").GetString(), ratings.GetProperty("count").GetInt32(), ratings.GetProperty("average").GetDouble()));
        var onFive = ratings.GetProperty("byScale").GetProperty("5");
        Assert.Equal((1, 4), (onFive.GetProperty("count").GetInt32(), onFive.GetProperty("sum").GetInt32()));
        Assert.Contains(await world.GetJsonAsync($"{W}/conversations/{conversation}/timeline", supervisor) is var timeline ? timeline.EnumerateArray() : default,
            e => e.GetProperty("kind").GetString() == "rated");
    }
}
