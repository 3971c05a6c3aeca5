using System.Text.Json;
using Microsoft.Playwright;
using Routing.Silo.Tests.Api;
using Routing.Silo.Tests.Realtime;

namespace Routing.Silo.Tests.Web;

/// <summary>
/// The chat widget (client-api/wwwroot/widget) on its demo customer site, in a real browser against the real silo: the
/// visitor chats, an operator answers over the operator WebSocket (as the console would), and the widget shows what the
/// customer WebSocket tells it.
/// </summary>
public sealed class WidgetPageTests
{
    private const string Ws = "shop";
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    [Fact]
    public async Task A_visitor_chats_with_the_operator_waits_in_the_queue_survives_a_dropped_network_and_rates()
    {
        await using var world = await BrowserWorld.StartAsync();
        var (admin, channel, annToken) = await SetUpAsync(world);
        await using var ann = await WsClient.ConnectAsync(world.BaseAddress, Ws, "operator", annToken);
        await ann.OkAsync("status", new { status = "online" });

        // The visitor opens the shop; the demo issues their token with the channel key and mounts the widget.
        var page = await world.OpenAsync($"/widget/demo.html#workspace={Ws}&credential={Uri.EscapeDataString(channel)}&visitor=visitor-1");
        await Assertions.Expect(page.Locator("#setup-status")).ToContainTextAsync("Chatting as visitor-1", BrowserWorld.Patiently);
        await Assertions.Expect(page.Locator("#tag-snippet")).ToContainTextAsync("data-workspace=\"shop\" data-token=\"rt1.", BrowserWorld.Patiently);
        var panel = page.Locator(".routing-chat-widget .panel");
        await Assertions.Expect(panel).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Chat with us" }).ClickAsync();
        await Assertions.Expect(panel).ToBeVisibleAsync(BrowserWorld.Visible);
        await Assertions.Expect(panel.Locator(".badge")).ToHaveTextAsync("live", new() { Timeout = 20_000 });

        var input = page.GetByLabel("Your message");
        await input.FillAsync("Hello, where is my order?");
        await input.PressAsync("Enter");

        // It reaches the operator, and the widget shows the stored copy (sequence 1), not a "sending" one.
        var dialog = await ann.DataAsync("dialog");
        var conversationId = dialog.GetProperty("conversation").GetProperty("conversationId").GetString()!;
        Assert.Equal("Hello, where is my order?", dialog.GetProperty("messages")[0].GetProperty("text").GetString());
        var messages = panel.Locator(".messages");
        await Assertions.Expect(messages.Locator(".from-customer[data-sequence='1']")).ToContainTextAsync("Hello, where is my order?", BrowserWorld.Patiently);
        await Assertions.Expect(messages.Locator("[data-state='sending']")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await Assertions.Expect(panel.Locator(".status")).ToHaveTextAsync("With operator ann", new() { Timeout = 20_000 });

        // The operator types, then answers.
        await ann.OkAsync("typing", new { conversationId });
        await Assertions.Expect(panel.Locator(".typing")).ToHaveTextAsync("ann is typing…", new() { Timeout = 20_000 });
        await ann.OkAsync("send", new { conversationId, text = "Hi! It ships today." });
        var reply = messages.Locator(".from-operator[data-sequence='2']");
        await Assertions.Expect(reply).ToContainTextAsync("Hi! It ships today.", BrowserWorld.Patiently);
        await Assertions.Expect(reply.Locator(".author")).ToHaveTextAsync("ann");
        await Assertions.Expect(panel.Locator(".typing")).ToBeHiddenAsync(); // the reply ends the typing
        await BrowserWorld.ScreenshotAsync(page, "widget-desktop-chat");

        // Shift+Enter is a new line, the button sends too; the visitor's typing reaches the operator.
        await input.FillAsync("Thanks!");
        await input.PressAsync("Shift+Enter");
        await input.PressSequentiallyAsync("Tracking number?");
        Assert.Equal("customer", (await ann.DataAsync("typing")).GetProperty("author").GetString());
        await panel.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        var third = await ann.DataAsync("message", m => m.GetProperty("author").GetString() == "customer");
        Assert.Equal("Thanks!\nTracking number?", third.GetProperty("text").GetString());
        await Assertions.Expect(messages.Locator(".from-customer[data-sequence='3']")).ToContainTextAsync("Tracking number?", BrowserWorld.Patiently);

        // A second visitor, on a phone, while ann (capacity 1) is busy: first in the queue, with the expected wait.
        var phone = await world.OpenAsync($"/widget/demo.html#workspace={Ws}&credential={Uri.EscapeDataString(channel)}&visitor=visitor-2", Phone);
        await Assertions.Expect(phone.Locator("#setup-status")).ToContainTextAsync("Chatting as visitor-2", BrowserWorld.Patiently);
        await phone.GetByRole(AriaRole.Button, new() { Name = "Chat with us" }).ClickAsync();
        var phonePanel = phone.Locator(".routing-chat-widget .panel");
        await phone.GetByLabel("Your message").FillAsync("Do you ship to Norway?");
        await phone.GetByLabel("Your message").PressAsync("Enter");
        await Assertions.Expect(phonePanel.Locator(".notice")).ToContainTextAsync("You are number 1 in the queue", BrowserWorld.Patiently);
        await Assertions.Expect(phonePanel.Locator(".status")).ToHaveTextAsync("Waiting for an operator");
        await BrowserWorld.ScreenshotAsync(phone, "widget-phone-queue");

        // The network drops while the operator writes: after it comes back, the message shows exactly once. Chromium's
        // offline mode refuses new connections but leaves an open WebSocket alone, so the demo's button cuts it
        // (RealtimeSession.dropConnection) and the offline browser cannot reconnect until it is back online.
        await page.Context.SetOfflineAsync(true);
        await page.GetByRole(AriaRole.Button, new() { Name = "Simulate a dropped network" }).ClickAsync();
        await Assertions.Expect(panel.Locator(".badge")).Not.ToHaveTextAsync("live", new() { Timeout = 20_000 });
        await ann.OkAsync("send", new { conversationId, text = "Tracking: NW-12345" });
        await BrowserWorld.ScreenshotAsync(page, "widget-desktop-offline");
        await page.Context.SetOfflineAsync(false);
        await Assertions.Expect(panel.Locator(".badge")).ToHaveTextAsync("live", new() { Timeout = 30_000 });
        await Assertions.Expect(messages.Locator(".message[data-sequence='4']")).ToContainTextAsync("Tracking: NW-12345", BrowserWorld.Patiently);
        await Assertions.Expect(messages.Locator(".message", new() { HasText = "Tracking: NW-12345" })).ToHaveCountAsync(1);
        await Assertions.Expect(messages.Locator(".message")).ToHaveCountAsync(4);

        // The operator closes: the widget says so and asks for a rating (ann wrote, the department asks after 2 messages).
        await ann.OkAsync("close", new { conversationId });
        await Assertions.Expect(panel.Locator(".status")).ToHaveTextAsync("Conversation closed", new() { Timeout = 20_000 });
        var rating = panel.Locator("form.rating");
        await Assertions.Expect(rating).ToBeVisibleAsync(BrowserWorld.Visible);
        await Assertions.Expect(rating.Locator("input[name='score']")).ToHaveCountAsync(5);
        await BrowserWorld.ScreenshotAsync(page, "widget-desktop-rating");
        await rating.GetByLabel("4 of 5").CheckAsync();
        await rating.GetByLabel("Comment (optional)").FillAsync("Quick and friendly");
        await rating.GetByRole(AriaRole.Button, new() { Name = "Send rating" }).ClickAsync();
        await Assertions.Expect(panel.Locator(".thanks")).ToHaveTextAsync("Thank you for your rating!", new() { Timeout = 20_000 });
        var ratings = await world.Api.GetJsonAsync($"/v1/workspaces/{Ws}/operators/ann/ratings", await world.Api.CreateKeyAsync(Ws, admin, "supervisor"));
        Assert.Equal(1, ratings.GetProperty("count").GetInt32());
        await BrowserWorld.ScreenshotAsync(page, "widget-desktop-rated");

        // The waiting visitor got ann's freed seat.
        await Assertions.Expect(phonePanel.Locator(".status")).ToHaveTextAsync("With operator ann", new() { Timeout = 20_000 });
        await Assertions.Expect(phonePanel.Locator(".notice")).ToBeHiddenAsync();

        // Writing again after the close opens a new conversation (it waits: ann is full again).
        await input.FillAsync("One more question");
        await input.PressAsync("Enter");
        await Assertions.Expect(messages.Locator(".from-customer[data-sequence='1']")).ToContainTextAsync("One more question", BrowserWorld.Patiently);
        await Assertions.Expect(messages.Locator(".message")).ToHaveCountAsync(1);
        await Assertions.Expect(panel.Locator(".status")).ToHaveTextAsync("Waiting for an operator", new() { Timeout = 20_000 });
        await Assertions.Expect(panel.Locator(".thanks")).ToBeHiddenAsync();

        // A reload is the same visitor with the same conversation, and the panel stays open as it was.
        await page.ReloadAsync();
        await Assertions.Expect(panel).ToBeVisibleAsync(BrowserWorld.Visible);
        await Assertions.Expect(messages.Locator(".from-customer[data-sequence='1']")).ToContainTextAsync("One more question", BrowserWorld.Patiently);

        Assert.Empty(WithoutExpectedOfflineErrors(world.ScriptErrors));
    }

    [Fact]
    public async Task A_bad_expired_or_refused_token_and_a_wrong_channel_key_show_clear_errors()
    {
        await using var world = await BrowserWorld.StartAsync();
        var (_, channel, _) = await SetUpAsync(world);

        // The demo's backend call with a wrong channel key: the API's refusal, with its code.
        var wrongKey = await world.OpenAsync($"/widget/demo.html#workspace={Ws}&credential=not-a-key&visitor=visitor-9");
        await Assertions.Expect(wrongKey.Locator("#setup-error")).ToContainTextAsync("Could not issue a customer token", BrowserWorld.Patiently);
        await Assertions.Expect(wrongKey.Locator("#setup-error")).ToContainTextAsync("(unauthenticated)");

        // The JS API with tokens a site might hand over by mistake.
        var page = await world.OpenAsync("/widget/demo.html");
        var expired = ForgedToken(new { workspaceId = Ws, kind = "customer", subject = "visitor-9", channel = "chat", issuedAt = 1_700_000_000, expiresAt = 1_700_003_600 });
        await MountAsync(page, expired);
        var widget = page.Locator(".routing-chat-widget").Last;
        await Assertions.Expect(widget.Locator(".error")).ToContainTextAsync("The chat token expired at", BrowserWorld.Patiently);
        await Assertions.Expect(widget.Locator(".error")).ToContainTextAsync("(token-expired)");
        await Assertions.Expect(widget.GetByLabel("Your message")).ToBeDisabledAsync();
        await BrowserWorld.ScreenshotAsync(page, "widget-expired-token");

        await MountAsync(page, "not-a-token");
        await Assertions.Expect(page.Locator(".routing-chat-widget").Last.Locator(".error")).ToContainTextAsync("(invalid-token)", BrowserWorld.Patiently);

        // Well formed and not expired, but not signed by the workspace: only the engine can tell, by refusing the socket.
        var real = await Tokens.CustomerAsync(world.Api, Ws, channel, "visitor-9");
        var tampered = real[..real.LastIndexOf('.')] + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        await MountAsync(page, tampered);
        var refused = page.Locator(".routing-chat-widget").Last;
        await Assertions.Expect(refused.Locator(".error")).ToContainTextAsync("the engine refused the sign-in", BrowserWorld.Patiently);
        await Assertions.Expect(refused.Locator(".error")).ToContainTextAsync("(connect-failed)");
        await BrowserWorld.ScreenshotAsync(page, "widget-refused-token");

        // The browser logs the refused token request and each refused WebSocket handshake itself; nothing else went wrong.
        Assert.DoesNotContain(world.ScriptErrors, e => !e.Contains("WebSocket connection to", StringComparison.Ordinal)
            && !e.Contains("the server responded with a status of 401", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_visitor_nobody_answers_waits_first_in_the_queue_and_ends_the_chat_without_a_rating_prompt()
    {
        await using var world = await BrowserWorld.StartAsync();
        var (_, channel, _) = await SetUpAsync(world); // ann stays offline

        var page = await world.OpenAsync($"/widget/demo.html#workspace={Ws}&credential={Uri.EscapeDataString(channel)}&visitor=visitor-5", Phone);
        await Assertions.Expect(page.Locator("#setup-status")).ToContainTextAsync("Chatting as visitor-5", BrowserWorld.Patiently);
        await page.GetByRole(AriaRole.Button, new() { Name = "Chat with us" }).ClickAsync();
        var panel = page.Locator(".routing-chat-widget .panel");
        await page.GetByLabel("Your message").FillAsync("Is anyone there?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        // Its place, and why it waits (R15): told when the session starts following the conversation its message opened.
        await Assertions.Expect(panel.Locator(".notice")).ToContainTextAsync("You are number 1 in the queue", BrowserWorld.Patiently);
        await Assertions.Expect(panel.Locator(".notice")).ToContainTextAsync("No operator is online right now", BrowserWorld.Patiently);
        await Assertions.Expect(panel.Locator(".status")).ToHaveTextAsync("Waiting for an operator");
        await BrowserWorld.ScreenshotAsync(page, "widget-phone-waiting");

        // The visitor ends the chat themselves: nobody answered, so no rating is asked for.
        await panel.GetByRole(AriaRole.Button, new() { Name = "End chat" }).ClickAsync();
        await Assertions.Expect(panel.Locator(".status")).ToHaveTextAsync("Conversation closed", new() { Timeout = 20_000 });
        await Assertions.Expect(panel.Locator(".notice")).ToHaveTextAsync("This conversation is closed. Write a message to start a new one.");
        await Assertions.Expect(panel.Locator("form.rating")).ToBeHiddenAsync();
        Assert.Empty(world.ScriptErrors);
    }

    private static async Task<(string Admin, string Channel, string AnnToken)> SetUpAsync(BrowserWorld world)
    {
        var admin = await world.Api.CreateWorkspaceAsync(Ws);
        var channel = await world.Api.CreateKeyAsync(Ws, admin, "channel");
        await world.Api.OkAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/departments/support", admin,
            new { name = "Support", averageHandleTime = "00:03:00", ratingScale = 5, ratingPromptAfterMessages = 2 });
        await world.Api.OkAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/operators/ann", admin,
            new { name = "Ann", capacity = 1, departments = new[] { new { departmentId = "support", tier = 1 } } });
        return (admin, channel, await Tokens.OperatorAsync(world.Api, Ws, admin, "ann"));
    }

    /// <summary>Mounts another widget with the JS API, as a site that fetches its token after load does.</summary>
    private static Task MountAsync(IPage page, string token) =>
        page.EvaluateAsync("async ([workspace, token]) => { const { mountWidget } = await import('/widget/widget.js'); mountWidget({ workspace, token }).open(); }",
            new[] { Ws, token });

    /// <summary>A token of the right shape whose signature is made up (the widget reads the claims, only the engine checks them).</summary>
    private static string ForgedToken(object claims) =>
        "rt1." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims)) + "." + new string('A', 43);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>While offline the browser logs each failed reconnect of the socket; that is the test's doing, not the page's.</summary>
    private static IEnumerable<string> WithoutExpectedOfflineErrors(IEnumerable<string> errors) =>
        errors.Where(e => !(e.Contains("WebSocket connection to", StringComparison.Ordinal) && e.Contains("ERR_INTERNET_DISCONNECTED", StringComparison.Ordinal)));
}
