using System.Net;

namespace Routing.Silo.Tests.Api;

/// <summary>Channel intake over HTTP: idempotent retries (across a restart), rate limits.</summary>
public sealed class IntakeTests
{
    private const string Messages = "/v1/workspaces/acme/messages";

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_delivers_one_message_and_gets_the_first_answer_even_after_a_restart()
    {
        await using var world = await ApiWorld.StartAsync();
        var admin = await world.CreateWorkspaceAsync("acme");
        var channel = await world.CreateKeyAsync("acme", admin, "channel");
        await world.OkAsync(HttpMethod.Put, "/v1/workspaces/acme/departments/support", admin, new { name = "Support" });
        var message = new { channel = "messenger", externalCustomerId = "tg-42", text = "Where is my order?" };

        using var first = await world.SendAsync(HttpMethod.Post, Messages, channel, message, "delivery-1");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        var answer = await first.Content.ReadAsStringAsync();
        var conversation = (await ApiWorld.JsonAsync(first)).GetProperty("conversationId").GetString()!;

        using (var retry = await world.SendAsync(HttpMethod.Post, Messages, channel, message, "delivery-1"))
        {
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
            Assert.Equal(answer, await retry.Content.ReadAsStringAsync());
            Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        }

        await world.RestartAsync();
        using (var afterRestart = await world.SendAsync(HttpMethod.Post, Messages, channel, message, "delivery-1"))
        {
            Assert.Equal(HttpStatusCode.OK, afterRestart.StatusCode);
            Assert.Equal(answer, await afterRestart.Content.ReadAsStringAsync());
        }
        var view = await world.GetJsonAsync($"/v1/workspaces/acme/conversations/{conversation}", admin);
        Assert.Equal(1, view.GetProperty("conversation").GetProperty("messageCount").GetInt32());

        // Concurrent retries of a new delivery: one message, one answer. Without a key, every request is a message.
        var second = new { channel = "messenger", externalCustomerId = "tg-42", text = "Hello?" };
        var racing = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
        {
            using var response = await world.SendAsync(HttpMethod.Post, Messages, channel, second, "delivery-2");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }));
        Assert.Single(racing.Distinct());
        await world.OkAsync(HttpMethod.Post, Messages, channel, second);
        view = await world.GetJsonAsync($"/v1/workspaces/acme/conversations/{conversation}", admin);
        Assert.Equal(3, view.GetProperty("conversation").GetProperty("messageCount").GetInt32());
    }

    [Fact]
    public async Task One_customer_address_over_its_limit_gets_429_while_others_still_get_through()
    {
        await using var world = await ApiWorld.StartAsync("--RateLimits:IntakePerCustomer=3", "--RateLimits:Window=00:10:00");
        var admin = await world.CreateWorkspaceAsync("acme");
        var channel = await world.CreateKeyAsync("acme", admin, "channel");
        await world.OkAsync(HttpMethod.Put, "/v1/workspaces/acme/departments/support", admin, new { name = "Support" });

        for (var i = 0; i < 3; i++) await world.OkAsync(HttpMethod.Post, Messages, channel, new { channel = "chat", externalCustomerId = "flood", text = $"m{i}" });
        using (var limited = await world.SendAsync(HttpMethod.Post, Messages, channel, new { channel = "chat", externalCustomerId = "flood", text = "m3" }))
            Assert.True((await ApiWorld.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate-limited")).GetProperty("retryAfterSeconds").GetInt32() > 0);
        // The same id in another channel is another address.
        await world.OkAsync(HttpMethod.Post, Messages, channel, new { channel = "email", externalCustomerId = "flood", text = "ok" });
        await world.OkAsync(HttpMethod.Post, Messages, channel, new { channel = "chat", externalCustomerId = "calm", text = "ok" });

        var flood = await world.GetJsonAsync("/v1/workspaces/acme/customers/c-Chat-flood", admin);
        var conversation = await world.GetJsonAsync($"/v1/workspaces/acme/conversations/{flood.GetProperty("openConversationId").GetString()}", admin);
        Assert.Equal(3, conversation.GetProperty("conversation").GetProperty("messageCount").GetInt32());
    }

    [Fact]
    public async Task One_channel_key_over_its_limit_gets_429_whatever_the_customer_and_another_key_is_not_held_back()
    {
        await using var world = await ApiWorld.StartAsync("--RateLimits:IntakePerChannelKey=4", "--RateLimits:Window=00:10:00");
        var admin = await world.CreateWorkspaceAsync("acme");
        var channel = await world.CreateKeyAsync("acme", admin, "channel");
        var otherConnector = await world.CreateKeyAsync("acme", admin, "channel");
        await world.OkAsync(HttpMethod.Put, "/v1/workspaces/acme/departments/support", admin, new { name = "Support" });

        for (var i = 0; i < 4; i++) await world.OkAsync(HttpMethod.Post, Messages, channel, new { channel = "chat", externalCustomerId = $"v{i}", text = "hi" });
        using (var limited = await world.SendAsync(HttpMethod.Post, Messages, channel, new { channel = "chat", externalCustomerId = "v9", text = "hi" }))
            await ApiWorld.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate-limited");
        using (var unknown = await world.SendAsync(HttpMethod.Get, "/v1/workspaces/acme/customers/c-Chat-v9", admin))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        // Connectors share this test's address: only the key over its limit is held back.
        await world.OkAsync(HttpMethod.Post, Messages, otherConnector, new { channel = "chat", externalCustomerId = "v9", text = "hi" });
        // Only intake is limited: the admin API still answers.
        await world.GetJsonAsync("/v1/workspaces/acme/queues", admin);
    }
}
