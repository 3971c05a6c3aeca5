using System.Net;

namespace Routing.Silo.Tests.Api;

/// <summary>The admin API reads back what it was given: departments, operators, schedules, entry routing, keys.</summary>
public sealed class AdminTests
{
    private const string W = "/v1/workspaces/acme";

    [Fact]
    public async Task Configuration_written_through_the_admin_api_reads_back_and_survives_a_restart()
    {
        await using var world = await ApiWorld.StartAsync();
        var admin = await world.CreateWorkspaceAsync("acme");
        var department = new
        {
            name = "Billing", timeZoneId = "Europe/Berlin", offerMode = true, acceptTimeout = "00:00:20",
            routing = new { strategy = "roundRobin", tierSteps = new object[] { new { tier = 1, after = "00:00:00" }, new { tier = 2, after = "00:00:30" } } },
            rescue = new { after = "00:02:00", warningLead = "00:00:30", retryLimit = 2 },
            firstResponseTarget = "00:01:00", inactivityCloseAfter = "00:30:00",
            hours = new { timeZoneId = "Europe/Berlin", intervals = new[] { new { day = "monday", start = "09:00:00", end = "18:00:00" } } },
        };
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/billing", admin, department);
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/sales", admin, new { name = "Sales" });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann", admin,
            new { capacity = 4, skills = new Dictionary<string, int> { ["billing"] = 5 }, departments = new[] { new { departmentId = "billing", tier = 2 } } });
        await world.OkAsync(HttpMethod.Put, $"{W}/entry-routing", admin,
            new { defaultDepartmentId = "sales", rules = new[] { new { departmentId = "billing", channels = new[] { "email" }, languages = new[] { "de" } } } });
        var schedule = await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann/schedule", admin, new
        {
            timeZoneId = "America/New_York", gracePeriod = "00:10:00",
            shifts = new[] { new { day = "tuesday", start = "08:00:00", duration = "08:00:00" } },
            exceptions = new[] { new { date = "2030-01-01", kind = "dayOff" } },
        });
        Assert.Equal("ann", schedule.GetProperty("operatorId").GetString());
        var channelKey = await world.CreateKeyAsync("acme", admin, "channel");

        await world.RestartAsync();

        var billing = await world.GetJsonAsync($"{W}/departments/billing", admin);
        Assert.Equal("roundRobin", billing.GetProperty("config").GetProperty("routing").GetProperty("strategy").GetString());
        Assert.Equal(2, billing.GetProperty("config").GetProperty("routing").GetProperty("tierSteps").GetArrayLength());
        Assert.Equal("00:02:00", billing.GetProperty("config").GetProperty("rescue").GetProperty("after").GetString());
        Assert.Equal("monday", billing.GetProperty("config").GetProperty("hours").GetProperty("intervals")[0].GetProperty("day").GetString());
        Assert.True(billing.GetProperty("config").GetProperty("offerMode").GetBoolean());
        Assert.Equal(["billing", "sales"], (await world.GetJsonAsync($"{W}/departments", admin)).EnumerateArray().Select(d => d.GetProperty("departmentId").GetString()));
        var ann = await world.GetJsonAsync($"{W}/operators/ann", admin);
        Assert.Equal(4, ann.GetProperty("profile").GetProperty("capacity").GetInt32());
        Assert.Equal(5, ann.GetProperty("profile").GetProperty("skills").GetProperty("billing").GetInt32());
        Assert.Single((await world.GetJsonAsync($"{W}/operators", admin)).EnumerateArray());
        var entry = await world.GetJsonAsync($"{W}/entry-routing", admin);
        Assert.Equal("sales", entry.GetProperty("defaultDepartmentId").GetString());
        Assert.Equal("email", entry.GetProperty("rules")[0].GetProperty("channels")[0].GetString());

        // The entry rule routes a German e-mail to billing; everything else goes to sales.
        var mail = await world.OkAsync(HttpMethod.Post, $"{W}/messages", channelKey, new { channel = "email", externalCustomerId = "k@example.de", text = "Rechnung", language = "de" });
        Assert.Equal("billing", mail.GetProperty("departmentId").GetString());
        var chat = await world.OkAsync(HttpMethod.Post, $"{W}/messages", channelKey, new { channel = "chat", externalCustomerId = "v1", text = "hi" });
        Assert.Equal("sales", chat.GetProperty("departmentId").GetString());

        await world.OkAsync(HttpMethod.Delete, $"{W}/operators/ann/schedule", admin);
        var keys = await world.GetJsonAsync($"{W}/api-keys", admin);
        Assert.Equal(["admin", "channel"], keys.EnumerateArray().Select(k => k.GetProperty("scope").GetString()));
        Assert.All(keys.EnumerateArray(), k => Assert.False(k.TryGetProperty("secretHash", out _)));
        using var revoke = await world.SendAsync(HttpMethod.Delete, $"{W}/api-keys/{channelKey.Split('.')[1]}", admin);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using var refused = await world.SendAsync(HttpMethod.Post, $"{W}/messages", channelKey, new { channel = "chat", externalCustomerId = "v1", text = "hi" });
        await ApiWorld.AssertProblemAsync(refused, HttpStatusCode.Unauthorized, "unauthenticated");
    }
}
