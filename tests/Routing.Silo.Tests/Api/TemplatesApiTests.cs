using System.Net;
using System.Text.Json;

namespace Routing.Silo.Tests.Api;

/// <summary>R18, R20 over HTTP: admins write quick-reply templates, supervisors list them, a restart keeps them.</summary>
public sealed class TemplatesApiTests
{
    private const string W = "/v1/workspaces/acme";

    [Fact]
    public async Task Admins_write_templates_supervisors_read_them_per_department_and_a_restart_keeps_them()
    {
        await using var world = await ApiWorld.StartAsync();
        var admin = await world.CreateWorkspaceAsync("acme");
        var supervisor = await world.CreateKeyAsync("acme", admin, "supervisor");
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/billing", admin, new { name = "Billing" });

        var put = await world.OkAsync(HttpMethod.Put, $"{W}/templates/greeting", admin, new { title = "Greeting", text = "Hello!" });
        Assert.Equal(("greeting", "Greeting", "Hello!"), (put.GetProperty("templateId").GetString(), put.GetProperty("title").GetString(), put.GetProperty("text").GetString()));
        await world.OkAsync(HttpMethod.Put, $"{W}/templates/refund", admin, new { title = "Refund", text = "On its way.", departmentId = "billing" });
        await world.OkAsync(HttpMethod.Put, $"{W}/templates/old", admin, new { title = "Old", text = "Bye" });
        await world.OkAsync(HttpMethod.Put, $"{W}/templates/greeting", admin, new { title = "Greeting", text = "Hello, how can I help?" });
        using (var deleted = await world.SendAsync(HttpMethod.Delete, $"{W}/templates/old", admin))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        Assert.Equal(["greeting", "refund"], Ids(await world.GetJsonAsync($"{W}/templates", supervisor)));
        Assert.Equal(["greeting", "refund"], Ids(await world.GetJsonAsync($"{W}/templates?departmentId=billing", supervisor)));
        Assert.Equal(["greeting"], Ids(await world.GetJsonAsync($"{W}/templates?departmentId=sales", supervisor)));
        var refund = await world.GetJsonAsync($"{W}/templates/refund", supervisor);
        Assert.Equal("billing", refund.GetProperty("departmentId").GetString());
        using (var gone = await world.SendAsync(HttpMethod.Get, $"{W}/templates/old", supervisor))
            await ApiWorld.AssertProblemAsync(gone, HttpStatusCode.NotFound, "not-found");
        var all = (await world.GetJsonAsync($"{W}/templates", admin)).ToString();

        await world.RestartAsync();
        Assert.Equal(all, (await world.GetJsonAsync($"{W}/templates", supervisor)).ToString());
        Assert.Equal("Hello, how can I help?", (await world.GetJsonAsync($"{W}/templates/greeting", supervisor)).GetProperty("text").GetString());
    }

    private static List<string> Ids(JsonElement templates) => templates.EnumerateArray().Select(t => t.GetProperty("templateId").GetString()!).ToList();
}
