using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Routing.Silo.Tests.Api;
using Routing.Silo.Tests.Realtime;

namespace Routing.Silo.Tests.Web;

/// <summary>
/// The operator console (/console/) in headless Chromium against the real silo: ann signs in with her operator token,
/// goes online, answers a customer who writes over REST, inserts a template, transfers, closes, accepts and declines
/// offers, and is told clearly when the engine refuses (offline while holding a dialog, a bad token).
/// </summary>
public sealed class ConsolePageTests
{
    private const string Ws = "console";
    private const string W = "/v1/workspaces/" + Ws;

    private static readonly LocatorAssertionsToHaveValueOptions ValuePatiently = new() { Timeout = 20_000 };
    private static readonly LocatorAssertionsToBeHiddenOptions GonePatiently = new() { Timeout = 20_000 };
    private static readonly LocatorAssertionsToHaveCountOptions CountPatiently = new() { Timeout = 20_000 };
    private static readonly LocatorAssertionsToContainTextOptions Patiently = BrowserWorld.Patiently;

    [Fact]
    public async Task An_operator_goes_online_answers_with_a_template_transfers_closes_and_cannot_go_offline_holding_a_dialog()
    {
        await using var world = await BrowserWorld.StartAsync();
        var desk = await ArrangeAsync(world.Api, offerMode: false);
        var page = await world.OpenAsync($"/console/#workspace={Ws}&credential={desk.AnnToken}");

        await Assertions.Expect(page.Locator("#operator-id")).ToContainTextAsync("ann", Patiently);
        await Assertions.Expect(page.Locator("#connection")).ToContainTextAsync("live", Patiently);
        await Assertions.Expect(page.Locator("#status-select")).ToHaveValueAsync("offline", ValuePatiently);
        await page.Locator("#status-select").SelectOptionAsync("online");
        await Assertions.Expect(page.Locator("#status-note")).ToContainTextAsync("receiving dialogs", Patiently);
        await Assertions.Expect(page.Locator("#load")).ToContainTextAsync("0 / 2", Patiently);

        // A customer writes through the channel API: the dialog shows up with the text and opens (nothing else was open).
        var first = await CustomerWritesAsync(world.Api, desk, "visitor-1", "My parcel is late");
        var item = page.Locator(".dialog-item", new() { HasText = "visitor-1" });
        await Assertions.Expect(item).ToBeVisibleAsync(BrowserWorld.Visible);
        await Assertions.Expect(page.Locator("#messages")).ToContainTextAsync("My parcel is late", Patiently);
        await Assertions.Expect(page.Locator("#customer-facts")).ToContainTextAsync("support", Patiently);
        await Assertions.Expect(page.Locator("#load")).ToContainTextAsync("1 / 2", Patiently);

        // Enter sends (Shift+Enter would be a new line); the stored reply replaces the "sending" one, stored once.
        await page.Locator("#reply").FillAsync("Sorry! It ships today.");
        await page.Locator("#reply").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#messages .message.mine:not(.pending)")).ToContainTextAsync("Sorry! It ships today.", Patiently);
        await Assertions.Expect(page.Locator("#messages .pending")).ToHaveCountAsync(0, CountPatiently);
        await Assertions.Expect(page.Locator("#reply")).ToHaveValueAsync("", ValuePatiently);
        var stored = await world.Api.GetJsonAsync($"{W}/conversations/{first}/messages", desk.Admin);
        Assert.Single(stored.EnumerateArray(), m => m.GetProperty("text").GetString() == "Sorry! It ships today." && m.GetProperty("author").GetString() == "operator");
        await BrowserWorld.ScreenshotAsync(page, "console-dialog");

        // The customer's next message arrives in the open dialog.
        await CustomerWritesAsync(world.Api, desk, "visitor-1", "Thanks, which carrier?");
        await Assertions.Expect(page.Locator("#messages")).ToContainTextAsync("Thanks, which carrier?", Patiently);

        // A template goes into the reply box (it is not sent by itself), then is sent with the button.
        await Assertions.Expect(page.Locator("#template-select option", new() { HasText = "Carrier" })).ToHaveCountAsync(1, CountPatiently);
        await page.Locator("#template-select").SelectOptionAsync(new SelectOptionValue { Label = "Carrier" });
        await Assertions.Expect(page.Locator("#reply")).ToHaveValueAsync("It goes with our carrier, tracking follows by e-mail.", ValuePatiently);
        await page.Locator("#reply-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#messages .message.mine:not(.pending)").Last).ToContainTextAsync("tracking follows", Patiently);

        // A second customer: a second dialog, unread while another is open.
        var second = await CustomerWritesAsync(world.Api, desk, "visitor-2", "Can I change my address?");
        var secondItem = page.Locator(".dialog-item", new() { HasText = "visitor-2" });
        await Assertions.Expect(secondItem.Locator(".unread")).ToContainTextAsync("1", Patiently);

        // Transfer the first to the billing department's queue, with a note: it leaves the console.
        await page.Locator("#transfer-open").ClickAsync();
        await page.Locator("#transfer-id").FillAsync("billing");
        await page.Locator("#transfer-note").FillAsync("asks about a refund");
        await page.Locator("#transfer-submit").ClickAsync();
        await Assertions.Expect(item).ToHaveCountAsync(0, CountPatiently);
        await Assertions.Expect(page.Locator("#notice-list")).ToContainTextAsync("visitor-1 left your console: transferred", Patiently);
        var moved = await world.Api.GetJsonAsync($"{W}/conversations/{first}", desk.Admin);
        Assert.Equal("billing", moved.GetProperty("conversation").GetProperty("departmentId").GetString());

        // Holding visitor-2, offline is refused (conflict) and shown; the status stays online.
        await page.Locator("#status-select").SelectOptionAsync("offline");
        await Assertions.Expect(page.Locator("#banner")).ToContainTextAsync("conflict", Patiently);
        await Assertions.Expect(page.Locator("#banner")).ToContainTextAsync("holds 1 dialog", Patiently);
        await Assertions.Expect(page.Locator("#status-select")).ToHaveValueAsync("online", ValuePatiently);
        await BrowserWorld.ScreenshotAsync(page, "console-offline-refused");
        var state = await world.Api.GetJsonAsync($"{W}/operator-states/ann", desk.Admin);
        Assert.Equal("online", state.GetProperty("status").GetString());

        // The same operator on a phone: the list, then the dialog alone with a way back.
        var phone = await world.OpenAsync($"/console/#workspace={Ws}&credential={desk.AnnToken}", new ViewportSize { Width = 390, Height = 844 });
        var phoneItem = phone.Locator(".dialog-item", new() { HasText = "visitor-2" });
        await Assertions.Expect(phoneItem).ToBeVisibleAsync(BrowserWorld.Visible);
        await Assertions.Expect(phone.Locator("#detail")).ToBeHiddenAsync(GonePatiently);
        await BrowserWorld.ScreenshotAsync(phone, "console-phone-list");
        await phoneItem.ClickAsync();
        await Assertions.Expect(phone.Locator("#messages")).ToContainTextAsync("Can I change my address?", Patiently);
        await Assertions.Expect(phone.Locator(".side")).ToBeHiddenAsync(GonePatiently);
        await BrowserWorld.ScreenshotAsync(phone, "console-phone-dialog");
        await phone.Locator("#back").ClickAsync();
        await Assertions.Expect(phoneItem).ToBeVisibleAsync(BrowserWorld.Visible);

        // Close it from the desktop console: it goes, and offline is allowed now.
        await secondItem.ClickAsync();
        await Assertions.Expect(page.Locator("#messages")).ToContainTextAsync("Can I change my address?", Patiently);
        await page.Locator("#close-dialog").ClickAsync();
        await Assertions.Expect(secondItem).ToHaveCountAsync(0, CountPatiently);
        await Assertions.Expect(page.Locator("#notice-list")).ToContainTextAsync("visitor-2 left your console: closed", Patiently);
        await Assertions.Expect(phoneItem).ToHaveCountAsync(0, CountPatiently);
        var closed = await world.Api.GetJsonAsync($"{W}/conversations/{second}", desk.Admin);
        Assert.Equal("closed", closed.GetProperty("conversation").GetProperty("status").GetString());
        await page.Locator("#status-select").SelectOptionAsync("offline");
        await Assertions.Expect(page.Locator("#status-note")).ToContainTextAsync("offline: no dialogs", Patiently);
        await Assertions.Expect(page.Locator("#banner")).ToBeHiddenAsync(GonePatiently);

        Assert.Empty(world.ScriptErrors);
    }

    [Fact]
    public async Task A_bad_token_is_refused_clearly_then_the_operator_signs_in_and_accepts_one_offer_and_declines_another()
    {
        await using var world = await BrowserWorld.StartAsync();
        var desk = await ArrangeAsync(world.Api, offerMode: true);

        // A token the engine does not know: the sign-in form says so (the engine's code), no socket is opened.
        var page = await world.OpenAsync($"/console/#workspace={Ws}&credential=rt1.not-a-token");
        await Assertions.Expect(page.Locator("#sign-in-error")).ToContainTextAsync("unauthenticated", Patiently);
        await Assertions.Expect(page.Locator("#sign-in-error")).ToContainTextAsync("does not accept this token", Patiently);
        await Assertions.Expect(page.Locator("#app")).ToBeHiddenAsync(GonePatiently);
        await BrowserWorld.ScreenshotAsync(page, "console-bad-token");

        await page.Locator("#sign-in-credential").FillAsync(desk.AnnToken);
        await page.Locator("#sign-in-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#operator-id")).ToContainTextAsync("ann", Patiently);

        // Signed out, the form offers the start page's demo workspace (localStorage) in one click.
        await page.Locator("#sign-out").ClickAsync();
        await Assertions.Expect(page.Locator("#sign-in-form")).ToBeVisibleAsync(BrowserWorld.Visible);
        await page.EvaluateAsync("demo => localStorage.setItem('routing.demo', JSON.stringify(demo))",
            new { workspace = Ws, operators = new[] { new { operatorId = "ann", name = "Ann", token = desk.AnnToken } } });
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as Ann" }).ClickAsync();
        await Assertions.Expect(page.Locator("#operator-id")).ToContainTextAsync("ann", Patiently);
        await Assertions.Expect(page.Locator("#connection")).ToContainTextAsync("live", Patiently);
        await page.Locator("#status-select").SelectOptionAsync("online");
        await Assertions.Expect(page.Locator("#status-note")).ToContainTextAsync("receiving dialogs", Patiently);

        // Offer mode: the dialog comes as an offer card with its text and a countdown to the engine's expiry; accept makes it a dialog.
        var first = await CustomerWritesAsync(world.Api, desk, "visitor-1", "Do you ship to Norway?");
        var offer = page.Locator(".offer-card", new() { HasText = "visitor-1" });
        await Assertions.Expect(offer).ToContainTextAsync("Do you ship to Norway?", Patiently);
        await Assertions.Expect(offer).ToContainTextAsync("Accept within", Patiently);
        var expiresAt = (await world.Api.OkAsync(HttpMethod.Get, $"/v1/workspaces/{Ws}/conversations/{first}", desk.Admin))
            .GetProperty("conversation").GetProperty("offerExpiresAt").GetDateTimeOffset();
        Assert.Equal(expiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), await offer.Locator(".tick").GetAttributeAsync("data-until"));
        await BrowserWorld.ScreenshotAsync(page, "console-offer");
        await offer.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Assertions.Expect(offer).ToHaveCountAsync(0, CountPatiently);
        await Assertions.Expect(page.Locator(".dialog-item", new() { HasText = "visitor-1" })).ToBeVisibleAsync(BrowserWorld.Visible);
        await Assertions.Expect(page.Locator("#messages")).ToContainTextAsync("Do you ship to Norway?", Patiently);
        await page.Locator("#reply").FillAsync("Yes, we do.");
        await page.Locator("#reply").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#messages .message.mine:not(.pending)")).ToContainTextAsync("Yes, we do.", Patiently);
        var accepted = await world.Api.GetJsonAsync($"{W}/conversations/{first}", desk.Admin);
        Assert.Equal("assigned", accepted.GetProperty("conversation").GetProperty("status").GetString());

        // Decline: the card goes, the dialog waits again and is not offered to ann again.
        var second = await CustomerWritesAsync(world.Api, desk, "visitor-2", "Hello?");
        var declined = page.Locator(".offer-card", new() { HasText = "visitor-2" });
        await Assertions.Expect(declined).ToBeVisibleAsync(BrowserWorld.Visible);
        await declined.GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();
        await Assertions.Expect(declined).ToHaveCountAsync(0, CountPatiently);
        await Assertions.Expect(page.Locator("#notice-list")).ToContainTextAsync("visitor-2 left your console: offer declined", Patiently);
        await Assertions.Expect(page.Locator(".dialog-item", new() { HasText = "visitor-2" })).ToHaveCountAsync(0, CountPatiently);
        var waiting = await world.Api.GetJsonAsync($"{W}/conversations/{second}", desk.Admin);
        Assert.Equal("queued", waiting.GetProperty("conversation").GetProperty("status").GetString());

        Assert.Empty(world.ScriptErrors);
    }

    [Fact]
    public async Task The_customers_typing_shows_the_operators_reaches_them_a_rescue_warning_counts_down_until_the_reply_and_older_messages_load()
    {
        await using var world = await BrowserWorld.StartAsync();
        // The rescue warning comes 5 s after the customer's unanswered message; the rescue itself only after a minute.
        var desk = await ArrangeAsync(world.Api, new { name = "Support", rescue = new { after = "00:01:00", warningLead = "00:00:55" } });
        var page = await world.OpenAsync($"/console/#workspace={Ws}&credential={desk.AnnToken}");
        await page.Locator("#status-select").SelectOptionAsync("online");
        await Assertions.Expect(page.Locator("#status-note")).ToContainTextAsync("receiving dialogs", Patiently);

        // The visitor chats over the customer WebSocket (as the widget does).
        var token = await world.Api.OkAsync(HttpMethod.Post, $"{W}/customer-tokens", desk.Channel, new { externalCustomerId = "visitor-1" });
        await using var customer = await WsClient.ConnectAsync(world.BaseAddress, Ws, "customer", token.GetProperty("token").GetString()!);
        var conversationId = (await customer.OkAsync("send", new { text = "Anyone there?", clientMessageId = "m-1" })).GetProperty("conversationId").GetString()!;
        await Assertions.Expect(page.Locator("#messages")).ToContainTextAsync("Anyone there?", Patiently);

        await customer.OkAsync("typing");
        await Assertions.Expect(page.Locator("#typing")).ToContainTextAsync("visitor-1 is typing", Patiently);
        await page.Locator("#reply").PressSequentiallyAsync("Let me check");
        var typing = await customer.DataAsync("typing", t => t.GetProperty("author").GetString() == "operator");
        Assert.Equal("ann", typing.GetProperty("operatorId").GetString());

        var warning = page.Locator("#rescue-warning");
        await Assertions.Expect(warning).ToContainTextAsync("Reply before", Patiently);
        await Assertions.Expect(warning).ToContainTextAsync("or it goes back to the queue", Patiently);
        await Assertions.Expect(page.Locator(".dialog-item")).ToContainTextAsync("reply before", Patiently);
        await BrowserWorld.ScreenshotAsync(page, "console-rescue-warning");

        await page.Locator("#reply").PressAsync("Enter");
        Assert.Equal("Let me check", (await customer.DataAsync("message", m => m.GetProperty("author").GetString() == "operator")).GetProperty("text").GetString());
        await Assertions.Expect(warning).ToBeHiddenAsync(GonePatiently);
        await Assertions.Expect(page.Locator(".dialog-item")).Not.ToContainTextAsync("reply before", Patiently);

        // A long dialog: a new console gets its last 100 messages and reads the older ones on demand (history).
        for (var i = 1; i <= 100; i++)
            await world.Api.OkAsync(HttpMethod.Post, $"{W}/operator/conversations/{conversationId}/messages", desk.AnnToken, new { text = $"Note {i}" });
        await Assertions.Expect(page.Locator("#messages")).ToContainTextAsync("Note 100", Patiently);
        var fresh = await world.OpenAsync($"/console/#workspace={Ws}&credential={desk.AnnToken}");
        await Assertions.Expect(fresh.Locator("#messages")).ToContainTextAsync("Note 100", Patiently);
        await Assertions.Expect(fresh.Locator("#messages")).Not.ToContainTextAsync("Anyone there?", Patiently);
        await fresh.Locator("#older").ClickAsync();
        await Assertions.Expect(fresh.Locator("#messages")).ToContainTextAsync("Anyone there?", Patiently);
        await Assertions.Expect(fresh.Locator("#messages .message")).ToHaveCountAsync(102, CountPatiently);
        await Assertions.Expect(fresh.Locator("#older")).ToBeHiddenAsync(GonePatiently);

        Assert.Empty(world.ScriptErrors);
    }

    private sealed record Desk(string Admin, string Channel, string AnnToken);

    /// <summary>
    /// Department "support" (offer mode or not; the accept timeout is long so no offer expires under a slow test),
    /// "billing" to transfer to, ann (capacity 2) in support with an operator token, and a template.
    /// </summary>
    private static Task<Desk> ArrangeAsync(ApiWorld api, bool offerMode) =>
        ArrangeAsync(api, new { name = "Support", offerMode, acceptTimeout = "00:10:00" });

    private static async Task<Desk> ArrangeAsync(ApiWorld api, object support)
    {
        var admin = await api.CreateWorkspaceAsync(Ws);
        var channel = await api.CreateKeyAsync(Ws, admin, "channel");
        await api.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, support);
        await api.OkAsync(HttpMethod.Put, $"{W}/departments/billing", admin, new { name = "Billing" });
        await api.OkAsync(HttpMethod.Put, $"{W}/entry-routing", admin, new { defaultDepartmentId = "support" });
        await api.OkAsync(HttpMethod.Put, $"{W}/operators/ann", admin, new { capacity = 2, departments = new[] { new { departmentId = "support" } } });
        await api.OkAsync(HttpMethod.Put, $"{W}/templates/carrier", admin, new { title = "Carrier", text = "It goes with our carrier, tracking follows by e-mail." });
        var token = await api.OkAsync(HttpMethod.Post, $"{W}/operators/ann/tokens", admin, new { });
        return new Desk(admin, channel, token.GetProperty("token").GetString()!);
    }

    /// <summary>A customer's chat message through the channel API; answers its conversation's id.</summary>
    private static async Task<string> CustomerWritesAsync(ApiWorld api, Desk desk, string customer, string text)
    {
        JsonElement sent = await api.OkAsync(HttpMethod.Post, $"{W}/messages", desk.Channel, new { channel = "chat", externalCustomerId = customer, text });
        return sent.GetProperty("conversationId").GetString()!;
    }
}
