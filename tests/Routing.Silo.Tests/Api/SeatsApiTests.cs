using System.Net;

namespace Routing.Silo.Tests.Api;

/// <summary>
/// Issue 15, licensed seats over the real silo: the platform (bootstrap key) sets them when it creates the workspace or
/// later, the workspace's admin reads them; one operator more is refused 409 seat-limit-reached and changes nothing, a
/// replace never counts, a removal frees a seat, two admins adding at once never exceed them, a licence lowered below
/// the count is kept and reported, and all of it survives a restart.
/// </summary>
public sealed class SeatsApiTests
{
    private const string W = "/v1/workspaces/acme";

    private static object Operator(int capacity = 1) => new { capacity, departments = new[] { new { departmentId = "support" } } };

    [Fact]
    public async Task One_operator_beyond_the_seats_is_refused_a_removal_frees_one_and_a_lowered_licence_is_reported_across_a_restart()
    {
        await using var world = await ApiWorld.StartAsync();
        var admin = (await world.OkAsync(HttpMethod.Post, "/v1/workspaces", ApiWorld.BootstrapKey, new { workspaceId = "acme", seats = 2 }))
            .GetProperty("apiKey").GetString()!;
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support" });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann", admin, Operator());
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/bob", admin, Operator());
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann", admin, Operator(capacity: 3)); // a replace takes no seat

        using (var full = await world.SendAsync(HttpMethod.Put, $"{W}/operators/cid", admin, Operator()))
            await ApiWorld.AssertProblemAsync(full, HttpStatusCode.Conflict, "seat-limit-reached");
        using (var missing = await world.SendAsync(HttpMethod.Get, $"{W}/operators/cid", admin))
            await ApiWorld.AssertProblemAsync(missing, HttpStatusCode.NotFound, "not-found");
        AssertSeats(await world.GetJsonAsync($"{W}/seats", admin), seats: 2, used: 2, available: 0, overBy: 0);

        using (var removed = await world.SendAsync(HttpMethod.Delete, $"{W}/operators/bob", admin))
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using (var again = await world.SendAsync(HttpMethod.Delete, $"{W}/operators/bob", admin))
            await ApiWorld.AssertProblemAsync(again, HttpStatusCode.NotFound, "not-found");
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/cid", admin, Operator());

        var lowered = await world.OkAsync(HttpMethod.Put, $"{W}/seats", ApiWorld.BootstrapKey, new { seats = 1 });
        AssertSeats(lowered, seats: 1, used: 2, available: 0, overBy: 1);
        await world.RestartAsync();

        AssertSeats(await world.GetJsonAsync($"{W}/seats", admin), seats: 1, used: 2, available: 0, overBy: 1);
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/cid", admin, Operator(capacity: 2)); // existing operators still change
        using (var stillFull = await world.SendAsync(HttpMethod.Put, $"{W}/operators/dan", admin, Operator()))
            await ApiWorld.AssertProblemAsync(stillFull, HttpStatusCode.Conflict, "seat-limit-reached");
        AssertSeats(await world.OkAsync(HttpMethod.Put, $"{W}/seats", ApiWorld.BootstrapKey, new { seats = (int?)null }), seats: null, used: 2, available: null, overBy: 0);
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/dan", admin, Operator());
    }

    [Fact]
    public async Task Two_admins_adding_operators_at_once_never_exceed_the_seats()
    {
        await using var world = await ApiWorld.StartAsync();
        var first = await world.CreateWorkspaceAsync("acme");
        var second = await world.CreateKeyAsync("acme", first, "admin");
        await world.OkAsync(HttpMethod.Put, $"{W}/seats", ApiWorld.BootstrapKey, new { seats = 3 });
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/support", first, new { name = "Support" });

        var statuses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            using var response = await world.SendAsync(HttpMethod.Put, $"{W}/operators/op{i}", i % 2 == 0 ? first : second, Operator());
            return response.StatusCode;
        }));

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.Conflict));
        Assert.Equal(3, (await world.GetJsonAsync($"{W}/operators", first)).GetArrayLength());
        AssertSeats(await world.GetJsonAsync($"{W}/seats", second), seats: 3, used: 3, available: 0, overBy: 0);
    }

    [Fact]
    public async Task Only_the_bootstrap_key_sets_seats_bad_values_are_refused_and_another_workspace_is_never_read_or_changed()
    {
        await using var world = await ApiWorld.StartAsync();
        var admin = await world.CreateWorkspaceAsync("acme");
        var otherAdmin = await world.CreateWorkspaceAsync("other");
        await world.OkAsync(HttpMethod.Put, $"{W}/seats", ApiWorld.BootstrapKey, new { seats = 5 });

        using (var byAdmin = await world.SendAsync(HttpMethod.Put, $"{W}/seats", admin, new { seats = 500 }))
            await ApiWorld.AssertProblemAsync(byAdmin, HttpStatusCode.Forbidden, "forbidden");
        using (var crossRead = await world.SendAsync(HttpMethod.Get, $"{W}/seats", otherAdmin))
            await ApiWorld.AssertProblemAsync(crossRead, HttpStatusCode.Forbidden, "forbidden");
        using (var bootstrapRead = await world.SendAsync(HttpMethod.Get, $"{W}/seats", ApiWorld.BootstrapKey))
            await ApiWorld.AssertProblemAsync(bootstrapRead, HttpStatusCode.Forbidden, "forbidden");
        foreach (var bad in new object[] { new { seats = -1 }, new { seats = 1_000_001 } })
        {
            using var response = await world.SendAsync(HttpMethod.Put, $"{W}/seats", ApiWorld.BootstrapKey, bad);
            await ApiWorld.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
        }
        using (var missingField = await world.SendAsync(HttpMethod.Put, $"{W}/seats", ApiWorld.BootstrapKey, "{}"))
            await ApiWorld.AssertProblemAsync(missingField, HttpStatusCode.BadRequest, "malformed-request");
        using (var asText = await world.SendAsync(HttpMethod.Put, $"{W}/seats", ApiWorld.BootstrapKey, "{\"seats\":\"5\"}"))
            await ApiWorld.AssertProblemAsync(asText, HttpStatusCode.BadRequest, "malformed-request");
        using (var noWorkspace = await world.SendAsync(HttpMethod.Put, "/v1/workspaces/nowhere/seats", ApiWorld.BootstrapKey, new { seats = 1 }))
            await ApiWorld.AssertProblemAsync(noWorkspace, HttpStatusCode.NotFound, "not-found");
        using (var badCreate = await world.SendAsync(HttpMethod.Post, "/v1/workspaces", ApiWorld.BootstrapKey, new { workspaceId = "third", seats = -3 }))
            await ApiWorld.AssertProblemAsync(badCreate, HttpStatusCode.BadRequest, "invalid-request");

        AssertSeats(await world.GetJsonAsync($"{W}/seats", admin), seats: 5, used: 0, available: 5, overBy: 0);
        AssertSeats(await world.GetJsonAsync("/v1/workspaces/other/seats", otherAdmin), seats: null, used: 0, available: null, overBy: 0);
        using (var third = await world.SendAsync(HttpMethod.Get, "/v1/workspaces/third/seats", otherAdmin))
            await ApiWorld.AssertProblemAsync(third, HttpStatusCode.Forbidden, "forbidden");
    }

    private static void AssertSeats(System.Text.Json.JsonElement body, int? seats, int used, int? available, int overBy)
    {
        Assert.Equal(seats, body.GetProperty("seats").ValueKind == System.Text.Json.JsonValueKind.Null ? null : body.GetProperty("seats").GetInt32());
        Assert.Equal(used, body.GetProperty("used").GetInt32());
        Assert.Equal(available, body.GetProperty("available").ValueKind == System.Text.Json.JsonValueKind.Null ? null : body.GetProperty("available").GetInt32());
        Assert.Equal(overBy, body.GetProperty("overBy").GetInt32());
    }
}
