using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Routing.GrainInterfaces;
using Orleans;
using Routing.Testing;

namespace Routing.Silo.Tests.Api;

/// <summary>An operator's reply reaches the channel's webhook (a local receiver), signed, after a retry.</summary>
public sealed class WebhookApiTests
{
    private const string W = "/v1/workspaces/acme";
    private const string Secret = "whsec-0123456789abcdef";

    [Fact]
    public async Task An_operator_message_is_posted_to_the_channels_webhook_signed_and_retried_after_a_503()
    {
        await using var receiver = await WebhookReceiver.StartAsync(attempt => attempt == 1 ? 503 : 200);
        await using var world = await ApiWorld.StartAsync("--Webhooks:AllowPrivateNetworks=true"); // the receiver is on loopback
        var admin = await world.CreateWorkspaceAsync("acme");
        var channel = await world.CreateKeyAsync("acme", admin, "channel");
        var hook = $"{W}/channels/chat/webhook";

        using (var shortSecret = await world.SendAsync(HttpMethod.Put, hook, admin, new { url = receiver.HookUrl.ToString(), secret = "too-short" }))
            await ApiWorld.AssertProblemAsync(shortSecret, HttpStatusCode.BadRequest, "invalid-request");
        using (var notHttp = await world.SendAsync(HttpMethod.Put, hook, admin, new { url = "ftp://127.0.0.1/hook", secret = Secret }))
            await ApiWorld.AssertProblemAsync(notHttp, HttpStatusCode.BadRequest, "invalid-request");
        using (var unknownChannel = await world.SendAsync(HttpMethod.Put, $"{W}/channels/pigeon/webhook", admin, new { url = receiver.HookUrl.ToString(), secret = Secret }))
            await ApiWorld.AssertProblemAsync(unknownChannel, HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal(JsonValueKind.Null, (await world.GetJsonAsync(hook, admin)).GetProperty("url").ValueKind); // nothing was set
        var configured = await world.OkAsync(HttpMethod.Put, hook, admin, new { url = receiver.HookUrl.ToString(), secret = Secret });
        Assert.Equal(receiver.HookUrl.ToString(), configured.GetProperty("url").GetString());
        Assert.False(configured.TryGetProperty("secret", out _));

        await world.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support" });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann", admin, new { capacity = 2, departments = new[] { new { departmentId = "support" } } });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann/status", admin, new { status = "online" });
        var opened = await world.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = "visitor-1", text = "hello" });
        var conversation = opened.GetProperty("conversationId").GetString()!;
        // Ann replies from her phone (the operator REST endpoint, with her token).
        var token = await Tokens.OperatorAsync(world, "acme", admin, "ann");
        using (var replied = await world.SendAsync(HttpMethod.Post, $"{W}/operator/conversations/{conversation}/messages", token, new { text = "hi, how can I help?" }))
            Assert.Equal(HttpStatusCode.Accepted, replied.StatusCode);

        await Eventually.True(() => receiver.Received.Count >= 2, "the message retried after the receiver's 503");
        var (failed, delivered) = (receiver.Received[0], receiver.Received[1]);
        Assert.Equal($"{conversation}:message:2", delivered.Headers["X-Routing-Delivery"]);
        Assert.Equal(failed.Headers["X-Routing-Delivery"], delivered.Headers["X-Routing-Delivery"]);
        Assert.Equal("operator.message", delivered.Headers["X-Routing-Event"]);
        Assert.Equal(Signature(delivered), delivered.Headers["X-Routing-Signature"]);
        var body = JsonDocument.Parse(delivered.Body).RootElement;
        Assert.Equal(("hi, how can I help?", "ann", conversation, "visitor-1"), (body.GetProperty("text").GetString(), body.GetProperty("operatorId").GetString(),
            body.GetProperty("conversationId").GetString(), body.GetProperty("externalCustomerId").GetString()));

        await Eventually.True(async () => (await world.GetJsonAsync(hook, admin)).GetProperty("delivered").GetInt64() == 1, "delivered recorded");
        var status = await world.GetJsonAsync(hook, admin);
        Assert.Equal((0, "HTTP 503"), (status.GetProperty("pending").GetInt32(), status.GetProperty("lastError").GetString()));
        Assert.False(status.TryGetProperty("secret", out _));

        using (var removed = await world.SendAsync(HttpMethod.Delete, hook, admin)) Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using (var again = await world.SendAsync(HttpMethod.Delete, hook, admin)) await ApiWorld.AssertProblemAsync(again, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task By_default_a_webhook_into_the_silos_own_network_is_never_called_and_is_dead_lettered_with_the_reason()
    {
        await using var receiver = await WebhookReceiver.StartAsync(_ => 200);
        await using var world = await ApiWorld.StartAsync();
        var admin = await world.CreateWorkspaceAsync("acme");
        var channel = await world.CreateKeyAsync("acme", admin, "channel");
        var hook = $"{W}/channels/chat/webhook";
        await world.OkAsync(HttpMethod.Put, hook, admin, new { url = receiver.HookUrl.ToString(), secret = Secret });
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support" });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann", admin, new { capacity = 2, departments = new[] { new { departmentId = "support" } } });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann/status", admin, new { status = "online" });
        var opened = await world.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = "visitor-2", text = "hello" });
        var token = await Tokens.OperatorAsync(world, "acme", admin, "ann");
        using (var replied = await world.SendAsync(HttpMethod.Post, $"{W}/operator/conversations/{opened.GetProperty("conversationId").GetString()}/messages", token,
            new { text = "hi" }))
            Assert.Equal(HttpStatusCode.Accepted, replied.StatusCode);

        await Eventually.True(async () => (await world.GetJsonAsync(hook, admin)).GetProperty("deadLettered").GetInt64() == 1, "dead-lettered at once");
        Assert.Empty(receiver.Received);
        Assert.Contains("private or local address", (await world.GetJsonAsync(hook, admin)).ToString());
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.20.0.5", true)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)] // cloud metadata
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("93.184.216.34", false)]
    [InlineData("8.8.8.8", false)]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946", false)]
    public void Private_and_local_addresses_are_recognised(string address, bool isPrivate) =>
        Assert.Equal(isPrivate, Routing.Silo.Webhooks.PrivateNetworks.Contains(System.Net.IPAddress.Parse(address)));

    /// <summary>What a receiver computes: "sha256=" + hex HMAC-SHA256(secret, timestamp + "." + body).</summary>
    private static string Signature(ReceivedWebhook request)
    {
        var signed = Encoding.UTF8.GetBytes(request.Headers["X-Routing-Timestamp"] + ".").Concat(request.Body).ToArray();
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed));
    }
}
