using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Routing.ClientApi.Auth;
using Routing.GrainInterfaces;
using Orleans;

namespace Routing.Silo.Tests.Api;

/// <summary>R25: signed operator and customer tokens over the real silo: issued, checked on /me, scoped, revoked by rotation.</summary>
public sealed class TokenApiTests
{
    private const string Ws = "acme";

    [Fact]
    public async Task Operator_and_customer_tokens_say_who_they_are_on_me_as_keys_do()
    {
        await using var world = await ApiWorld.StartAsync();
        var (admin, channel) = await SetUpAsync(world);
        var before = DateTimeOffset.UtcNow;

        var issued = await world.OkAsync(HttpMethod.Post, $"/v1/workspaces/{Ws}/operators/ann/tokens", admin, new { });
        Assert.Equal("ann", issued.GetProperty("operatorId").GetString());
        AssertExpiresIn(issued, before, TimeSpan.FromHours(12));
        var customer = await world.OkAsync(HttpMethod.Post, $"/v1/workspaces/{Ws}/customer-tokens", channel, new { externalCustomerId = "visitor-1", ttlMinutes = 5 });
        Assert.Equal("chat", customer.GetProperty("channel").GetString());
        Assert.Equal("visitor-1", customer.GetProperty("externalCustomerId").GetString());
        AssertExpiresIn(customer, before, TimeSpan.FromMinutes(5));
        AssertExpiresIn(await world.OkAsync(HttpMethod.Post, $"/v1/workspaces/{Ws}/customer-tokens", channel, new { externalCustomerId = "v2" }), before, TimeSpan.FromDays(1));

        var operatorMe = await world.GetJsonAsync($"/v1/workspaces/{Ws}/me", issued.GetProperty("token").GetString()!);
        Assert.Equal((Ws, "operator", "ann"), (operatorMe.GetProperty("workspaceId").GetString(), operatorMe.GetProperty("scope").GetString(), operatorMe.GetProperty("operatorId").GetString()));
        var customerMe = await world.GetJsonAsync($"/v1/workspaces/{Ws}/me", customer.GetProperty("token").GetString()!);
        Assert.Equal(("customer", "chat", "visitor-1"), (customerMe.GetProperty("scope").GetString(), customerMe.GetProperty("customerChannel").GetString(),
            customerMe.GetProperty("externalCustomerId").GetString()));
        var adminMe = await world.GetJsonAsync($"/v1/workspaces/{Ws}/me", admin);
        Assert.Equal(("admin", admin.Split('.')[1]), (adminMe.GetProperty("scope").GetString(), adminMe.GetProperty("keyId").GetString()));
        Assert.Equal("channel", (await world.GetJsonAsync($"/v1/workspaces/{Ws}/me", channel)).GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Token_requests_are_checked_before_anything_is_signed()
    {
        await using var world = await ApiWorld.StartAsync();
        var (admin, channel) = await SetUpAsync(world);

        foreach (var ttl in new[] { 0, -1, 10081 })
        {
            using var operatorToken = await world.SendAsync(HttpMethod.Post, $"/v1/workspaces/{Ws}/operators/ann/tokens", admin, new { ttlMinutes = ttl });
            await ApiWorld.AssertProblemAsync(operatorToken, HttpStatusCode.BadRequest, "invalid-request");
            using var customerToken = await world.SendAsync(HttpMethod.Post, $"/v1/workspaces/{Ws}/customer-tokens", channel, new { externalCustomerId = "v", ttlMinutes = ttl });
            await ApiWorld.AssertProblemAsync(customerToken, HttpStatusCode.BadRequest, "invalid-request");
        }
        using (var week = await world.SendAsync(HttpMethod.Post, $"/v1/workspaces/{Ws}/operators/ann/tokens", admin, new { ttlMinutes = 10080 }))
            Assert.Equal(HttpStatusCode.Created, week.StatusCode);
        using (var noBody = await world.SendAsync(HttpMethod.Post, $"/v1/workspaces/{Ws}/operators/ann/tokens", admin))
            Assert.Equal(HttpStatusCode.Created, noBody.StatusCode);
        using (var unknown = await world.SendAsync(HttpMethod.Post, $"/v1/workspaces/{Ws}/operators/bob/tokens", admin, new { }))
            await ApiWorld.AssertProblemAsync(unknown, HttpStatusCode.NotFound, "not-found");
        foreach (var body in new object?[] { null, new { externalCustomerId = "" }, new { externalCustomerId = "a/b" }, new { externalCustomerId = new string('x', 257) } })
        {
            using var response = await world.SendAsync(HttpMethod.Post, $"/v1/workspaces/{Ws}/customer-tokens", channel, body);
            await ApiWorld.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
        }
        using (var missing = await world.SendAsync(HttpMethod.Post, $"/v1/workspaces/{Ws}/customer-tokens", channel, new { }))
            await ApiWorld.AssertProblemAsync(missing, HttpStatusCode.BadRequest, "malformed-request"); // a required field left out
    }

    [Fact]
    public async Task Access_token_in_the_query_counts_on_a_websocket_upgrade_only()
    {
        await using var world = await ApiWorld.StartAsync();
        var (admin, _) = await SetUpAsync(world);
        var token = await Tokens.OperatorAsync(world, Ws, admin, "ann");

        foreach (var value in new[] { token, admin })
        {
            using var rest = await world.SendAsync(HttpMethod.Get, $"/v1/workspaces/{Ws}/me?access_token={Uri.EscapeDataString(value)}", null);
            await ApiWorld.AssertProblemAsync(rest, HttpStatusCode.Unauthorized, "unauthenticated");
        }
        using (var upgrade = await world.Silo.Http.SendAsync(WebSocketUpgrade($"/v1/workspaces/{Ws}/me?access_token={Uri.EscapeDataString(token)}")))
        {
            Assert.Equal(HttpStatusCode.OK, upgrade.StatusCode);
            Assert.Equal("ann", (await ApiWorld.JsonAsync(upgrade)).GetProperty("operatorId").GetString());
        }
        using (var upgradeWithKey = await world.Silo.Http.SendAsync(WebSocketUpgrade($"/v1/workspaces/{Ws}/me?access_token={Uri.EscapeDataString(admin)}")))
            Assert.Equal("admin", (await ApiWorld.JsonAsync(upgradeWithKey)).GetProperty("scope").GetString());
        using (var upgradeWithBadToken = await world.Silo.Http.SendAsync(WebSocketUpgrade($"/v1/workspaces/{Ws}/me?access_token=rt1.bogus")))
            Assert.Equal(HttpStatusCode.Unauthorized, upgradeWithBadToken.StatusCode);
    }

    [Fact]
    public async Task Rotating_the_signing_key_stops_every_token_of_that_workspace_and_survives_a_restart()
    {
        await using var world = await ApiWorld.StartAsync();
        var (admin, channel) = await SetUpAsync(world);
        var otherAdmin = await world.CreateWorkspaceAsync("other");
        var otherCustomer = await Tokens.CustomerAsync(world, "other", await world.CreateKeyAsync("other", otherAdmin, "channel"), "v");
        var operatorToken = await Tokens.OperatorAsync(world, Ws, admin, "ann");
        var customerToken = await Tokens.CustomerAsync(world, Ws, channel, "visitor-1");

        await world.RestartAsync(); // the key is durable: tokens outlive the silo
        await world.GetJsonAsync($"/v1/workspaces/{Ws}/me", operatorToken);
        await world.GetJsonAsync($"/v1/workspaces/{Ws}/me", customerToken);
        using (var rotate = await world.SendAsync(HttpMethod.Post, $"/v1/workspaces/{Ws}/token-signing-key/rotate", admin))
            Assert.Equal(HttpStatusCode.NoContent, rotate.StatusCode);

        foreach (var old in new[] { operatorToken, customerToken })
        {
            using var response = await world.SendAsync(HttpMethod.Get, $"/v1/workspaces/{Ws}/me", old);
            await ApiWorld.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        }
        await world.RestartAsync();
        using (var stillOld = await world.SendAsync(HttpMethod.Get, $"/v1/workspaces/{Ws}/me", operatorToken))
            Assert.Equal(HttpStatusCode.Unauthorized, stillOld.StatusCode);
        await world.GetJsonAsync($"/v1/workspaces/{Ws}/me", await Tokens.OperatorAsync(world, Ws, admin, "ann"));
        await world.GetJsonAsync("/v1/workspaces/other/me", otherCustomer); // another workspace's key is its own
        await world.GetJsonAsync($"/v1/workspaces/{Ws}/me", admin); // keys are not tokens
    }

    [Fact]
    public async Task An_operator_token_stops_working_for_an_operator_the_workspace_does_not_configure()
    {
        await using var world = await ApiWorld.StartAsync();
        await SetUpAsync(world);
        // Operators cannot be removed through the API yet: sign a token for one who is not (or no longer) there.
        var key = await world.Silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(Ws)).GetTokenSigningKey();
        var ghost = AccessTokens.Issue(AccessToken.Operator(Ws, "ghost", DateTimeOffset.UtcNow, TimeSpan.FromHours(1)), key);
        var ann = AccessTokens.Issue(AccessToken.Operator(Ws, "ann", DateTimeOffset.UtcNow, TimeSpan.FromHours(1)), key);

        using (var response = await world.SendAsync(HttpMethod.Get, $"/v1/workspaces/{Ws}/me", ghost))
            await ApiWorld.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        await world.GetJsonAsync($"/v1/workspaces/{Ws}/me", ann);
    }

    [Fact]
    public async Task Tokens_reach_only_their_own_workspace_and_no_key_endpoint()
    {
        await using var world = await ApiWorld.StartAsync();
        var (admin, channel) = await SetUpAsync(world);
        await world.CreateWorkspaceAsync("other");
        var tokens = new[] { await Tokens.OperatorAsync(world, Ws, admin, "ann"), await Tokens.CustomerAsync(world, Ws, channel, "visitor-1") };

        var requests = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Get, "/v1/workspaces/other/me", null),
            (HttpMethod.Get, $"/v1/workspaces/{Ws}/departments", null),
            (HttpMethod.Get, $"/v1/workspaces/{Ws}/api-keys", null),
            (HttpMethod.Post, $"/v1/workspaces/{Ws}/operators/ann/tokens", new { }),
            (HttpMethod.Post, $"/v1/workspaces/{Ws}/token-signing-key/rotate", null),
            (HttpMethod.Get, $"/v1/workspaces/{Ws}/queues", null),
            (HttpMethod.Put, $"/v1/workspaces/{Ws}/operators/ann/status", new { status = "online" }),
            (HttpMethod.Post, $"/v1/workspaces/{Ws}/messages", new { channel = "chat", externalCustomerId = "visitor-1", text = "hi" }),
            (HttpMethod.Post, $"/v1/workspaces/{Ws}/customer-tokens", new { externalCustomerId = "visitor-2" }),
            (HttpMethod.Post, "/v1/workspaces", new { workspaceId = "mine" }),
        };
        foreach (var token in tokens)
        foreach (var (method, path, body) in requests)
        {
            using var response = await world.SendAsync(method, path, token, body);
            await ApiWorld.AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        }
        // The refused rotation changed nothing.
        await world.GetJsonAsync($"/v1/workspaces/{Ws}/me", tokens[0]);
    }

    /// <summary>Workspace acme with a department and operator ann; answers its admin and channel keys.</summary>
    private static async Task<(string Admin, string Channel)> SetUpAsync(ApiWorld world)
    {
        var admin = await world.CreateWorkspaceAsync(Ws);
        await world.OkAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/departments/support", admin, new { name = "Support" });
        await world.OkAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/operators/ann", admin, new { capacity = 1, departments = new[] { new { departmentId = "support" } } });
        return (admin, await world.CreateKeyAsync(Ws, admin, "channel"));
    }

    private static void AssertExpiresIn(System.Text.Json.JsonElement issued, DateTimeOffset before, TimeSpan lifetime)
    {
        var expiresAt = issued.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt, before + lifetime - TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow + lifetime);
    }

    /// <summary>A browser's WebSocket handshake: no Authorization header, the credential in the query.</summary>
    private static HttpRequestMessage WebSocketUpgrade(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        return request;
    }
}
