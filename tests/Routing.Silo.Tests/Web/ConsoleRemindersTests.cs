using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Routing.Silo.Tests.Api;

namespace Routing.Silo.Tests.Web;

/// <summary>
/// Reminders in the operator console, headless Chromium against the real silo on a fake clock: ann sees the customer's
/// card (what the CRM set), sets "contact later" with a note on it, the engine refuses a blank status clearly, the
/// reminder falls due when the grains' clock reaches it (a notice, announced), and she dismisses it.
/// </summary>
public sealed class ConsoleRemindersTests
{
    private const string Ws = "remind";
    private const string W = "/v1/workspaces/" + Ws;

    private static readonly LocatorAssertionsToContainTextOptions Patiently = BrowserWorld.Patiently;
    private static readonly LocatorAssertionsToHaveCountOptions CountPatiently = new() { Timeout = 20_000 };

    [Fact]
    public async Task An_operator_sets_a_reminder_on_the_customer_card_it_falls_due_with_a_notice_and_she_dismisses_it()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var world = await BrowserWorld.StartAsync(clock);
        var admin = await world.Api.CreateWorkspaceAsync(Ws);
        var channel = await world.Api.CreateKeyAsync(Ws, admin, "channel");
        await world.Api.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support" });
        await world.Api.OkAsync(HttpMethod.Put, $"{W}/entry-routing", admin, new { defaultDepartmentId = "support" });
        await world.Api.OkAsync(HttpMethod.Put, $"{W}/operators/ann", admin, new { capacity = 2, departments = new[] { new { departmentId = "support" } } });
        var annToken = await Tokens.OperatorAsync(world.Api, Ws, admin, "ann");
        // The CRM knows the visitor before they write: the card comes with the dialog.
        await world.Api.OkAsync(HttpMethod.Patch, $"{W}/identities/chat/visitor-1/card", channel,
            new { name = "Kim Lee", crmId = "CRM-77", attributes = new Dictionary<string, string> { ["plan"] = "gold" } });

        var page = await world.OpenAsync($"/console/#workspace={Ws}&credential={annToken}");
        await page.Locator("#status-select").SelectOptionAsync("online");
        await Assertions.Expect(page.Locator("#status-note")).ToContainTextAsync("receiving dialogs", Patiently);
        var conversationId = (await world.Api.OkAsync(HttpMethod.Post, $"{W}/messages", channel,
            new { channel = "chat", externalCustomerId = "visitor-1", text = "Please call me this afternoon" })).GetProperty("conversationId").GetString()!;
        await Assertions.Expect(page.Locator("#messages")).ToContainTextAsync("Please call me this afternoon", Patiently);
        await page.Locator("#reply").FillAsync("Sure, I will.");
        await page.Locator("#reply").PressAsync("Enter"); // answered: no rescue while the clock moves on
        await Assertions.Expect(page.Locator("#messages .message.mine:not(.pending)")).ToContainTextAsync("Sure, I will.", Patiently);
        await Assertions.Expect(page.Locator("#customer-facts")).ToContainTextAsync("Kim Lee", Patiently);
        await Assertions.Expect(page.Locator("#customer-facts")).ToContainTextAsync("CRM-77", Patiently);
        await Assertions.Expect(page.Locator("#customer-facts")).ToContainTextAsync("gold", Patiently);
        await Assertions.Expect(page.Locator("#customer-status")).ToContainTextAsync("No status or reminder yet", Patiently);
        await Assertions.Expect(page.Locator("#reminders")).ToContainTextAsync("None", Patiently);

        // A blank status: the engine refuses it (invalid-request), the form says so, nothing is stored.
        await page.Locator("#reminder-editor > summary").ClickAsync();
        await page.Locator("#reminder-status").FillAsync("   ");
        await page.Locator("#reminder-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#reminder-form .reminder-error")).ToContainTextAsync("invalid-request", Patiently);
        Assert.Empty((await world.Api.GetJsonAsync($"{W}/operator/reminders", annToken)).EnumerateArray());

        // "Contact later" in 30 minutes of the browser's clock, with a note.
        var inHalfAnHour = await page.EvaluateAsync<string>(@"() => {
            const d = new Date(Date.now() + 30 * 60 * 1000), p = (n) => String(n).padStart(2, '0');
            return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
        }");
        await page.Locator("#reminder-status").FillAsync("contact later");
        await page.Locator("#remind-at").FillAsync(inHalfAnHour);
        await page.Locator("#reminder-note").FillAsync("Call at 15:00 about the <b>invoice</b>");
        await page.Locator("#reminder-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#customer-status")).ToContainTextAsync("contact later", Patiently);
        await Assertions.Expect(page.Locator("#customer-status")).ToContainTextAsync("remind you", Patiently);
        await Assertions.Expect(page.Locator("#customer-status")).Not.ToContainTextAsync("null", Patiently);
        await Assertions.Expect(page.Locator("#reminder-editor")).Not.ToHaveAttributeAsync("open", "", new() { Timeout = 20_000 });
        var listed = page.Locator("#reminders .reminder");
        await Assertions.Expect(listed).ToHaveCountAsync(1, CountPatiently);
        await Assertions.Expect(listed).ToContainTextAsync("Call at 15:00 about the <b>invoice</b>", Patiently); // text, never markup
        await Assertions.Expect(listed.Locator("b")).ToHaveCountAsync(0, CountPatiently);
        await Assertions.Expect(listed.GetByRole(AriaRole.Button, new() { Name = "Open dialog" })).ToHaveCountAsync(1, CountPatiently);
        await BrowserWorld.ScreenshotAsync(page, "console-reminder-set");
        var stored = Assert.Single((await world.Api.GetJsonAsync($"{W}/operator/reminders", annToken)).EnumerateArray());
        Assert.Equal(("contact later", conversationId, false),
            (stored.GetProperty("status").GetString(), stored.GetProperty("conversationId").GetString(), stored.GetProperty("due").GetBoolean()));
        var remindAt = stored.GetProperty("remindAt").GetDateTimeOffset();
        Assert.InRange(remindAt - clock.GetUtcNow(), TimeSpan.FromMinutes(28), TimeSpan.FromMinutes(31));

        // The grains' clock reaches it: the console gets `reminder`, shows a notice and announces it.
        clock.Advance(remindAt - clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        await Assertions.Expect(page.Locator("#notice-list")).ToContainTextAsync("Reminder for", Patiently);
        await Assertions.Expect(page.Locator("#notice-list")).ToContainTextAsync("contact later: Call at 15:00", Patiently);
        await Assertions.Expect(page.Locator("#announcer-urgent")).ToContainTextAsync("Reminder for", Patiently);
        await Assertions.Expect(listed).ToContainTextAsync("due", Patiently);
        await Assertions.Expect(page.Locator("#customer-status")).ToContainTextAsync("due", Patiently);
        await BrowserWorld.ScreenshotAsync(page, "console-reminder-due");

        // Dismissed: gone from the list and from the engine.
        await listed.GetByRole(AriaRole.Button, new() { NameRegex = new("^Dismiss") }).ClickAsync();
        await Assertions.Expect(listed).ToHaveCountAsync(0, CountPatiently);
        await Assertions.Expect(page.Locator("#customer-status")).ToContainTextAsync("No status or reminder yet", Patiently);
        Assert.Empty((await world.Api.GetJsonAsync($"{W}/operator/reminders", annToken)).EnumerateArray());

        Assert.Empty(world.ScriptErrors);
    }
}
