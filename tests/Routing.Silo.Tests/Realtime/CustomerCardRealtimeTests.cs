using System.Net;
using System.Text.Json;
using Routing.Silo.Tests.Api;

namespace Routing.Silo.Tests.Realtime;

/// <summary>Issue 15 end to end: the customer card over REST and in the consoles, entry rules on it, and an operator's reminder.</summary>
public sealed class CustomerCardRealtimeTests
{
    private const string Ws = RealtimeWorld.Ws;

    private static async Task<RealtimeWorld> DeskAsync()
    {
        var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support" });
        await world.DepartmentAsync("vip", new { name = "VIP" });
        await world.OperatorAsync("ann", 3, "support", "vip");
        await world.OperatorAsync("bob", 3, "support", "vip");
        await world.Api.OkAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/entry-routing", world.Admin,
            new { defaultDepartmentId = "support", rules = new[] { new { departmentId = "vip", attributes = new Dictionary<string, string> { ["plan"] = "gold" } } } });
        return world;
    }

    private static string Card(string customerId) => $"/v1/workspaces/{Ws}/customers/{customerId}/card";

    [Fact]
    public async Task A_connector_and_the_crm_fill_the_card_entry_rules_route_on_it_and_operators_and_supervisors_see_it_with_the_dialog()
    {
        await using var world = await DeskAsync();
        await using var ann = await world.OperatorSocketAsync("ann");
        await ann.OkAsync("status", new { status = "online" });

        // The connector knows the visitor by channel identity before they ever wrote.
        var filled = await world.Api.OkAsync(HttpMethod.Patch, $"/v1/workspaces/{Ws}/identities/chat/visitor-1/card", world.Channel,
            new { name = "Kim", attributes = new Dictionary<string, string> { ["plan"] = "gold", ["from"] = "ads" } });
        var customerId = filled.GetProperty("customerId").GetString()!;
        Assert.Equal("gold", filled.GetProperty("attributes").GetProperty("plan").GetString());

        await using var visitor = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-1"));
        var sent = await visitor.OkAsync("send", new { text = "Hello" });
        Assert.Equal(customerId, (await world.Api.GetJsonAsync($"/v1/workspaces/{Ws}/customers/{customerId}", world.Admin)).GetProperty("customerId").GetString());
        var conversationId = sent.GetProperty("conversationId").GetString()!;
        var dialog = await ann.DataAsync("dialog", d => d.GetProperty("conversation").GetProperty("conversationId").GetString() == conversationId);
        Assert.Equal("vip", dialog.GetProperty("conversation").GetProperty("departmentId").GetString()); // routed on the stored plan
        Assert.Equal(("Kim", customerId), (dialog.GetProperty("customer").GetProperty("name").GetString(), dialog.GetProperty("customer").GetProperty("customerId").GetString()));

        // The CRM adds its id (admin key); the operator's console and a monitoring supervisor see it change.
        await using var supervisor = await world.SupervisorSocketAsync();
        var monitored = await supervisor.OkAsync("monitor", new { conversationId });
        Assert.Equal("Kim", monitored.GetProperty("customer").GetProperty("name").GetString());
        await world.Api.OkAsync(HttpMethod.Patch, Card(customerId), world.Admin,
            new { crmId = "crm-7", attributes = new Dictionary<string, string> { ["pages"] = "/pricing" }, removeAttributes = new[] { "from" } });
        var changed = await ann.DataAsync("customer-card");
        Assert.Equal("crm-7", changed.GetProperty("crmId").GetString());
        Assert.Equal("crm-7", (await supervisor.DataAsync("customer-card")).GetProperty("crmId").GetString());
        var card = await world.Api.GetJsonAsync(Card(customerId), world.Supervisor);
        Assert.Equal(["pages", "plan"], card.GetProperty("attributes").EnumerateObject().Select(p => p.Name).Order());
        var annToken = await Tokens.OperatorAsync(world.Api, Ws, world.Admin, "ann");
        Assert.Equal("crm-7", (await world.Api.GetJsonAsync($"/v1/workspaces/{Ws}/operator/conversations/{conversationId}/customer", annToken)).GetProperty("crmId").GetString());

        // Bad input, strangers and other workspaces are refused and change nothing.
        var before = card.ToString();
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Patch, Card(customerId), world.Channel,
            new { attributes = new Dictionary<string, string> { ["bad key"] = "x" } }), HttpStatusCode.BadRequest, "invalid-request");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Patch, Card(customerId), world.Channel,
            new { attributes = Enumerable.Range(0, 49).ToDictionary(i => $"k{i}", _ => "v") }), HttpStatusCode.BadRequest, "invalid-request");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Patch, Card(customerId), world.Channel,
            new { attributes = new Dictionary<string, string> { ["plan"] = new string('v', 1001) } }), HttpStatusCode.BadRequest, "invalid-request");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Patch, Card(customerId), world.Channel, "{\"attributes\":{\"plan\":null}}"),
            HttpStatusCode.BadRequest, "invalid-request");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Patch, Card(customerId), world.Channel, "{\"name\":5}"),
            HttpStatusCode.BadRequest, "malformed-request");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Patch, Card("nobody"), world.Channel, new { name = "X" }),
            HttpStatusCode.NotFound, "not-found");
        var bobToken = await Tokens.OperatorAsync(world.Api, Ws, world.Admin, "bob");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Get, $"/v1/workspaces/{Ws}/operator/conversations/{conversationId}/customer", bobToken),
            HttpStatusCode.Conflict, "not-assigned");
        var otherAdmin = await world.Api.CreateWorkspaceAsync("other");
        var otherChannel = await world.Api.CreateKeyAsync("other", otherAdmin, "channel");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Patch, Card(customerId), otherChannel, new { name = "Mallory" }),
            HttpStatusCode.Forbidden, "forbidden");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Get, Card(customerId), otherAdmin), HttpStatusCode.Forbidden, "forbidden");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Get, $"/v1/workspaces/other/customers/{customerId}/card", otherAdmin),
            HttpStatusCode.NotFound, "not-found"); // the same id in another workspace is nobody
        Assert.Equal(before, (await world.Api.GetJsonAsync(Card(customerId), world.Admin)).ToString());
    }

    [Fact]
    public async Task An_operators_reminder_comes_at_its_time_and_a_reconnecting_console_still_sees_it_due_until_dismissed()
    {
        await using var world = await DeskAsync();
        var annToken = await Tokens.OperatorAsync(world.Api, Ws, world.Admin, "ann");
        var bobToken = await Tokens.OperatorAsync(world.Api, Ws, world.Admin, "bob");
        await using (var console = await world.OperatorSocketAsync("ann"))
            await console.OkAsync("status", new { status = "online" });
        await using var visitor = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-2"));
        var conversationId = (await visitor.OkAsync("send", new { text = "Call me later" })).GetProperty("conversationId").GetString()!;
        var reminderPath = $"/v1/workspaces/{Ws}/operator/conversations/{conversationId}/reminder";
        var remindAt = world.Clock.GetUtcNow().UtcDateTime.AddMinutes(30);
        remindAt = remindAt.AddTicks(-(remindAt.Ticks % TimeSpan.TicksPerSecond));

        // Refused: in the past, not UTC, no status, a note too long, a dialog not theirs; nothing is stored.
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Put, reminderPath, annToken,
            new { status = "call back", remindAt = world.Clock.GetUtcNow().AddMinutes(-1) }), HttpStatusCode.BadRequest, "invalid-request");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Put, reminderPath, annToken,
            $"{{\"status\":\"call back\",\"remindAt\":\"{remindAt.AddHours(1):yyyy-MM-ddTHH:mm:ss}+01:00\"}}"), HttpStatusCode.BadRequest, "invalid-request");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Put, reminderPath, annToken, new { status = " ", remindAt }), HttpStatusCode.BadRequest, "invalid-request");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Put, reminderPath, annToken, new { remindAt }), HttpStatusCode.BadRequest, "malformed-request");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Put, reminderPath, annToken,
            new { status = "call back", note = new string('n', 1001), remindAt }), HttpStatusCode.BadRequest, "invalid-request");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Put, reminderPath, bobToken, new { status = "mine now", remindAt }),
            HttpStatusCode.Conflict, "not-assigned");
        Assert.Empty((await world.Api.GetJsonAsync($"/v1/workspaces/{Ws}/operator/reminders", annToken)).EnumerateArray());

        var set = await world.Api.OkAsync(HttpMethod.Put, reminderPath, annToken, new { status = "call back", note = "after 15:00", remindAt });
        var reminder = set.GetProperty("reminder");
        var customerId = set.GetProperty("customerId").GetString()!;
        Assert.Equal(("ann", "call back", false), (reminder.GetProperty("operatorId").GetString(), reminder.GetProperty("status").GetString(), reminder.GetProperty("due").GetBoolean()));
        await using var ann = await world.OperatorSocketAsync("ann");
        var pending = Assert.Single((await ann.DataAsync("reminders")).EnumerateArray());
        Assert.False(pending.GetProperty("due").GetBoolean());

        world.Clock.Advance(TimeSpan.FromMinutes(30));
        var due = await ann.DataAsync("reminder");
        Assert.Equal((customerId, "after 15:00", true), (due.GetProperty("customerId").GetString(), due.GetProperty("note").GetString(), due.GetProperty("due").GetBoolean()));
        Assert.Equal(remindAt, due.GetProperty("remindAt").GetDateTimeOffset().UtcDateTime);

        // A console that was not there when it fell due still shows it.
        await using var again = await world.OperatorSocketAsync("ann");
        Assert.True(Assert.Single((await again.DataAsync("reminders")).EnumerateArray()).GetProperty("due").GetBoolean());
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Delete, $"/v1/workspaces/{Ws}/operator/reminders/{customerId}", bobToken),
            HttpStatusCode.NotFound, "not-found");
        using (var dismissed = await world.Api.SendAsync(HttpMethod.Delete, $"/v1/workspaces/{Ws}/operator/reminders/{customerId}", annToken))
            Assert.Equal(HttpStatusCode.NoContent, dismissed.StatusCode);
        Assert.Empty((await world.Api.GetJsonAsync($"/v1/workspaces/{Ws}/operator/reminders", annToken)).EnumerateArray());
        Assert.Equal(JsonValueKind.Null, (await world.Api.GetJsonAsync(Card(customerId), world.Supervisor)).GetProperty("reminder").ValueKind);
    }
}
