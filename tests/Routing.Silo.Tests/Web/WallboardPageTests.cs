using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Routing.Silo.Tests.Api;
using static Microsoft.Playwright.Assertions;

namespace Routing.Silo.Tests.Web;

/// <summary>
/// The supervisor wallboard (/wallboard/) in a real browser against the real silo, driven by a supervisor key: operators
/// going online, customers writing, a dialog moved by hand (refused without force, then forced), monitored, joined and
/// written into as supervisor, and the statistics charts; on a laptop and on a phone.
/// </summary>
public sealed class WallboardPageTests
{
    private const string W = "/v1/workspaces/acme";

    [Fact]
    public async Task A_supervisor_watches_queues_and_operators_moves_a_dialog_by_hand_monitors_joins_and_sees_the_charts()
    {
        await using var world = await BrowserWorld.StartAsync();
        var api = world.Api;
        var admin = await api.CreateWorkspaceAsync("acme");
        var channel = await api.CreateKeyAsync("acme", admin, "channel");
        var supervisor = await api.CreateKeyAsync("acme", admin, "supervisor");
        await api.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support", firstResponseTarget = "00:05:00" });
        await api.OkAsync(HttpMethod.Put, $"{W}/departments/billing", admin, new { name = "Billing" });
        await api.OkAsync(HttpMethod.Put, $"{W}/entry-routing", admin, new { defaultDepartmentId = "support" });
        await api.OkAsync(HttpMethod.Put, $"{W}/operators/ann", admin, new { capacity = 1, departments = new[] { new { departmentId = "support" } } });
        await api.OkAsync(HttpMethod.Put, $"{W}/operators/bob", admin,
            new { capacity = 1, departments = new[] { new { departmentId = "support" }, new { departmentId = "billing" } } });

        var page = await world.OpenAsync($"/wallboard/#workspace=acme&credential={Uri.EscapeDataString(supervisor)}");
        var ann = page.Locator("#operator-table tr[data-operator='ann']");
        var bob = page.Locator("#operator-table tr[data-operator='bob']");
        await Expect(ann).ToContainTextAsync("offline", BrowserWorld.Patiently);
        await Expect(page.Locator(".queue[data-department='billing']")).ToBeVisibleAsync(BrowserWorld.Visible);

        // Operators go online over REST: their rows follow the operator-changed frames.
        await api.OkAsync(HttpMethod.Put, $"{W}/operators/ann/status", admin, new { status = "online" });
        await api.OkAsync(HttpMethod.Put, $"{W}/operators/bob/status", admin, new { status = "online" });
        await Expect(ann).ToContainTextAsync("online", BrowserWorld.Patiently);
        await Expect(bob).ToContainTextAsync("online", BrowserWorld.Patiently);
        // A second board opened later still knows when their status began (statusSince), so no "≥" estimate.
        var later = await world.OpenAsync($"/wallboard/#workspace=acme&credential={Uri.EscapeDataString(supervisor)}");
        await Expect(later.Locator("#operator-table tr[data-operator='ann']")).ToContainTextAsync("online", BrowserWorld.Patiently);
        await Expect(later.Locator("#operator-table tr[data-operator='ann'] td.time")).Not.ToContainTextAsync("≥");
        await BrowserWorld.ScreenshotAsync(page, "wallboard-operators-online");

        // Three customers write: two are assigned (one each), the third waits in support's queue.
        async Task<string> Write(string visitor, string text) =>
            (await api.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = visitor, text }))
            .GetProperty("conversationId").GetString()!;
        var first = await Write("v1", "Hello, my parcel is late");
        var second = await Write("v2", "Hi there");
        var waiting = await Write("v3", "Anyone?");
        await Expect(page.Locator(".queue[data-department='support'] .depth")).ToHaveTextAsync("1", new() { Timeout = 20_000 });
        await Expect(Row(page, waiting)).ToContainTextAsync("queued", BrowserWorld.Patiently);
        await Expect(Row(page, first)).ToContainTextAsync("assigned", BrowserWorld.Patiently);
        await Expect(Row(page, second)).ToContainTextAsync("assigned", BrowserWorld.Patiently);
        await Expect(page.Locator("#operator-summary")).ToContainTextAsync("2 online", BrowserWorld.Patiently);
        await BrowserWorld.ScreenshotAsync(page, "wallboard-queue-and-conversations");

        // Move the waiting dialog by hand to ann: she has no room, so it is refused (shown with its code) until forced.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Open conversation {waiting}" }).ClickAsync();
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync($"Conversation {waiting}");
        await page.Locator("#assign-operator").SelectOptionAsync("ann");
        await page.GetByRole(AriaRole.Button, new() { Name = "Assign", Exact = true }).ClickAsync();
        await Expect(page.Locator("#detail-error")).ToContainTextAsync("operator-unavailable", BrowserWorld.Patiently);
        await BrowserWorld.ScreenshotAsync(page, "wallboard-assign-refused");
        await page.Locator("#assign-force").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Assign", Exact = true }).ClickAsync();
        await Expect(page.Locator("#detail-status")).ToContainTextAsync("Assigned to ann (forced)", BrowserWorld.Patiently);
        var moved = (await api.GetJsonAsync($"{W}/conversations/{waiting}", supervisor)).GetProperty("conversation");
        Assert.Equal(("assigned", "ann"), (moved.GetProperty("status").GetString(), moved.GetProperty("operatorId").GetString()));
        await Expect(Row(page, waiting)).ToContainTextAsync("ann", BrowserWorld.Patiently);
        await Expect(page.Locator(".queue[data-department='support'] .depth")).ToHaveTextAsync("0", new() { Timeout = 20_000 });

        // Monitor the first dialog: its history, then a new customer message live.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Open conversation {first}" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Monitor", Exact = true }).ClickAsync();
        var messages = page.Locator("#messages");
        await Expect(messages).ToContainTextAsync("Hello, my parcel is late", BrowserWorld.Patiently);
        await Write("v1", "It was due yesterday <b>really</b>");
        await Expect(messages).ToContainTextAsync("It was due yesterday <b>really</b>", BrowserWorld.Patiently); // text, never markup
        await Expect(Row(page, first)).ToContainTextAsync("monitored", BrowserWorld.Patiently);
        await BrowserWorld.ScreenshotAsync(page, "wallboard-monitoring");

        // Join and write as supervisor: stored with author supervisor.
        await page.GetByRole(AriaRole.Button, new() { Name = "Join", Exact = true }).ClickAsync();
        await Expect(page.Locator("#detail-status")).ToContainTextAsync("Joined", BrowserWorld.Patiently);
        await page.Locator("#send-text").FillAsync("A supervisor here: we are on it.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Expect(messages.Locator(".from-supervisor")).ToContainTextAsync("A supervisor here: we are on it.", BrowserWorld.Patiently);
        await Expect(messages).ToContainTextAsync("Hello, my parcel is late"); // joining keeps what monitoring showed
        var stored = (await api.GetJsonAsync($"{W}/conversations/{first}/messages", supervisor)).EnumerateArray()
            .Select(m => (m.GetProperty("author").GetString(), m.GetProperty("text").GetString())).ToList();
        Assert.Contains(("supervisor", "A supervisor here: we are on it."), stored);
        await BrowserWorld.ScreenshotAsync(page, "wallboard-joined");

        // The charts: the statistics are projected in the background (about every second) and read again after changes.
        var statistics = new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 };
        await Expect(page.Locator("#stats-totals div").Filter(new() { HasText = "Offered today" }).Locator("dd")).ToHaveTextAsync("3", statistics);
        foreach (var chart in new[] { "arrivals", "waits", "week", "staffing" })
            await Expect(page.Locator($"#chart-{chart} canvas")).ToBeVisibleAsync(BrowserWorld.Visible);
        await Expect(page.Locator("#chart-arrivals .chart-table tbody")).ToContainTextAsync("3", BrowserWorld.Patiently);
        // The staffing chart compares the coming week's needed with the scheduled (GET staffing/gap per department).
        await Expect(page.Locator("#chart-staffing .chart-table thead")).ToContainTextAsync("Scheduled", BrowserWorld.Patiently);
        await Expect(page.Locator("#staffing-note")).ToContainTextAsync("Week from Monday", BrowserWorld.Patiently);
        await page.Locator("#stats-title").ScrollIntoViewIfNeededAsync();
        await BrowserWorld.ScreenshotAsync(page, "wallboard-desktop");

        // On a phone: one column, the same live board.
        var phone = await world.OpenAsync($"/wallboard/#workspace=acme&credential={Uri.EscapeDataString(supervisor)}", new ViewportSize { Width = 390, Height = 844 });
        await Expect(phone.Locator("#operator-table tr[data-operator='ann']")).ToContainTextAsync("online", BrowserWorld.Patiently);
        await Expect(Row(phone, waiting)).ToContainTextAsync("ann", BrowserWorld.Patiently);
        await Expect(phone.Locator("#chart-arrivals canvas")).ToBeVisibleAsync(BrowserWorld.Visible);
        await Expect(phone.Locator("#stats-totals div").Filter(new() { HasText = "Offered today" }).Locator("dd")).ToHaveTextAsync("3", statistics);
        var overflow = await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the wallboard is wider than a phone's screen");
        await BrowserWorld.ScreenshotAsync(phone, "wallboard-phone");

        Assert.True(world.ScriptErrors.Count == 0, string.Join("\n", world.ScriptErrors));
    }

    [Fact]
    public async Task Without_credentials_it_asks_for_a_key_and_refuses_a_wrong_one()
    {
        await using var world = await BrowserWorld.StartAsync();
        var admin = await world.Api.CreateWorkspaceAsync("acme");
        var channel = await world.Api.CreateKeyAsync("acme", admin, "channel");

        var page = await world.OpenAsync("/wallboard/");
        await Expect(page.GetByLabel("Workspace")).ToBeVisibleAsync(BrowserWorld.Visible);
        await page.GetByLabel("Workspace").FillAsync("acme");
        await page.GetByLabel("Supervisor or admin key").FillAsync(channel);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the wallboard" }).ClickAsync();
        await Expect(page.Locator("#sign-in-error")).ToContainTextAsync("needs a supervisor or admin key", BrowserWorld.Patiently);
        await BrowserWorld.ScreenshotAsync(page, "wallboard-sign-in");

        // An admin key opens it, with the departments' names and targets readable.
        await world.Api.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support", firstResponseTarget = "00:02:00" });
        await page.GetByLabel("Supervisor or admin key").FillAsync(admin);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the wallboard" }).ClickAsync();
        await Expect(page.Locator(".queue[data-department='support']")).ToContainTextAsync("target 2m 00s", BrowserWorld.Patiently);
        await Expect(page.Locator(".queue[data-department='support'] .queue-name")).ToHaveTextAsync("Support");

        Assert.True(world.ScriptErrors.Count == 0, string.Join("\n", world.ScriptErrors));
    }

    [Fact]
    public async Task The_live_figures_move_when_a_dialog_is_answered_or_abandoned_and_today_is_the_workspaces_day()
    {
        await using var world = await BrowserWorld.StartAsync();
        var api = world.Api;
        var admin = await api.CreateWorkspaceAsync("acme");
        var channel = await api.CreateKeyAsync("acme", admin, "channel");
        var supervisor = await api.CreateKeyAsync("acme", admin, "supervisor");
        await api.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support", firstResponseTarget = "00:10:00" });
        await api.OkAsync(HttpMethod.Put, $"{W}/operators/ann", admin, new { capacity = 1, departments = new[] { new { departmentId = "support" } } });
        await api.OkAsync(HttpMethod.Put, $"{W}/operators/ann/status", admin, new { status = "online" });
        await api.OkAsync(HttpMethod.Put, $"{W}/time-zone", admin, new { timeZoneId = "Pacific/Kiritimati" });

        // A supervisor key reads the department's own target (no more default), and today is the workspace's day.
        var page = await world.OpenAsync($"/wallboard/#workspace=acme&credential={Uri.EscapeDataString(supervisor)}");
        var card = page.Locator(".queue[data-department='support']");
        await Expect(card).ToContainTextAsync("target 10m", BrowserWorld.Patiently);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Pacific/Kiritimati")).DateTime);
        var totals = page.Locator("#live-totals");
        await Expect(totals).ToContainTextAsync($"Today ({day:yyyy-MM-dd}, Pacific/Kiritimati)", BrowserWorld.Patiently);
        await Expect(totals).ToHaveAttributeAsync("data-answered", "0", new() { Timeout = 20_000 });

        // Ann answers the first dialog: the live frame moves answered and the SLA share, without a reload.
        var answered = (await api.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = "v1", text = "Hello?" }))
            .GetProperty("conversationId").GetString()!;
        await Expect(Row(page, answered)).ToContainTextAsync("ann", BrowserWorld.Patiently); // routed to her
        var ann = await Tokens.OperatorAsync(api, "acme", admin, "ann");
        await api.OkAsync(HttpMethod.Post, $"{W}/operator/conversations/{answered}/messages", ann, new { text = "Hi, Ann here" });
        await Expect(totals).ToHaveAttributeAsync("data-answered", "1", new() { Timeout = 20_000 });
        await Expect(card.Locator(".answered")).ToHaveTextAsync("1", new() { Timeout = 20_000 });
        await Expect(card.Locator(".sla")).ToHaveTextAsync("100 %", new() { Timeout = 20_000 });

        // The second waits (ann is full) and is closed unanswered: abandoned, an SLA miss.
        var abandoned = (await api.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = "v2", text = "Anyone?" }))
            .GetProperty("conversationId").GetString()!;
        await Expect(card.Locator(".depth")).ToHaveTextAsync("1", new() { Timeout = 20_000 });
        await api.OkAsync(HttpMethod.Post, $"{W}/conversations/{abandoned}/close", supervisor);
        await Expect(card.Locator(".abandoned")).ToHaveTextAsync("1", new() { Timeout = 20_000 });
        await Expect(totals).ToHaveAttributeAsync("data-abandoned", "1", new() { Timeout = 20_000 });
        await Expect(card.Locator(".sla")).ToHaveTextAsync("50 %", new() { Timeout = 20_000 });
        await Expect(card.Locator(".recent")).ToContainTextAsync("last 15 min: 2 in, 1 answered, 1 abandoned", BrowserWorld.Patiently);
        await BrowserWorld.ScreenshotAsync(page, "wallboard-live-figures");

        Assert.True(world.ScriptErrors.Count == 0, string.Join("\n", world.ScriptErrors));
    }

    [Fact]
    public async Task The_charts_today_and_this_week_are_the_workspaces_days_not_the_browsers()
    {
        // 20:00 UTC on Monday 2 March is Tuesday 3 March 10:00 in Kiritimati (UTC+14); the browser runs on its own real date.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 20, 0, 0, TimeSpan.Zero));
        await using var world = await BrowserWorld.StartAsync(clock);
        var api = world.Api;
        var admin = await api.CreateWorkspaceAsync("acme");
        var channel = await api.CreateKeyAsync("acme", admin, "channel");
        var supervisor = await api.CreateKeyAsync("acme", admin, "supervisor");
        await api.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support", timeZoneId = "UTC" });
        await api.OkAsync(HttpMethod.Put, $"{W}/time-zone", admin, new { timeZoneId = "Pacific/Kiritimati" });
        await api.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = "v1", text = "Hello?" });

        var page = await world.OpenAsync($"/wallboard/#workspace=acme&credential={Uri.EscapeDataString(supervisor)}");
        Assert.NotEqual("2026-03-03", await page.EvaluateAsync<string>("() => new Date().toLocaleDateString('sv')")); // the browser's today

        await Expect(page.Locator("#live-totals")).ToContainTextAsync("Today (2026-03-03, Pacific/Kiritimati)", BrowserWorld.Patiently);
        var statistics = new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 };
        await Expect(page.Locator("#stats-totals div").Filter(new() { HasText = "Offered today" }).Locator("dd")).ToHaveTextAsync("1", statistics);
        // The dialog came at the workspace's 10:00 (the department's 20:00 the day before), the last hour drawn.
        var hours = page.Locator("#chart-arrivals .chart-table tbody tr");
        await Expect(hours).ToHaveCountAsync(11, new() { Timeout = 20_000 });
        await Expect(hours.Last.Locator("th")).ToHaveTextAsync("10:00");
        await Expect(hours.Last.Locator("td").First).ToHaveTextAsync("1");
        // This week is the workspace's: from Monday 2 March, today Tuesday; Wednesday on is not drawn yet.
        var days = page.Locator("#chart-week .chart-table tbody tr");
        await Expect(days.Filter(new() { HasText = "Tue" }).Locator("td").First).ToHaveTextAsync("1", new() { Timeout = 20_000 });
        await Expect(days.Filter(new() { HasText = "Mon" }).Locator("td").First).ToHaveTextAsync("0");
        await Expect(days.Filter(new() { HasText = "Wed" }).Locator("td").First).ToHaveTextAsync("–");

        Assert.True(world.ScriptErrors.Count == 0, string.Join("\n", world.ScriptErrors));
    }

    private static ILocator Row(IPage page, string conversationId) => page.Locator($"#conversation-table tr[data-conversation='{conversationId}']");
}
