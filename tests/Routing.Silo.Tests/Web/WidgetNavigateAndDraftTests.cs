using Microsoft.Playwright;
using Routing.Silo.Tests.Api;

namespace Routing.Silo.Tests.Web;

/// <summary>
/// Issue 15 in a real browser: ann's console sees what the visitor types in the widget (the workspace opted in to the
/// draft preview) and sends them a page, which the widget offers as a link and never opens by itself.
/// </summary>
public sealed class WidgetNavigateAndDraftTests
{
    private const string Ws = "shop";
    private const string W = "/v1/workspaces/" + Ws;

    [Fact]
    public async Task The_console_sees_the_visitors_draft_and_sends_a_page_the_widget_shows_as_a_link()
    {
        await using var world = await BrowserWorld.StartAsync();
        var admin = await world.Api.CreateWorkspaceAsync(Ws);
        var channel = await world.Api.CreateKeyAsync(Ws, admin, "channel");
        await world.Api.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support" });
        await world.Api.OkAsync(HttpMethod.Put, $"{W}/operators/ann", admin, new { capacity = 2, departments = new[] { new { departmentId = "support" } } });
        await world.Api.OkAsync(HttpMethod.Put, $"{W}/draft-preview", admin);
        var annToken = await Tokens.OperatorAsync(world.Api, Ws, admin, "ann");

        var console = await world.OpenAsync($"/console/#workspace={Ws}&credential={annToken}");
        await Assertions.Expect(console.Locator("#connection")).ToContainTextAsync("live", BrowserWorld.Patiently);
        await console.Locator("#status-select").SelectOptionAsync("online");
        await Assertions.Expect(console.Locator("#status-note")).ToContainTextAsync("receiving dialogs", BrowserWorld.Patiently);

        var shopUrl = $"/widget/demo.html#workspace={Ws}&credential={Uri.EscapeDataString(channel)}&visitor=visitor-1";
        var widget = await world.OpenAsync(shopUrl);
        await Assertions.Expect(widget.Locator("#setup-status")).ToContainTextAsync("Chatting as visitor-1", BrowserWorld.Patiently);
        await widget.GetByRole(AriaRole.Button, new() { Name = "Chat with us" }).ClickAsync();
        var panel = widget.Locator(".routing-chat-widget .panel");
        await Assertions.Expect(panel.Locator(".badge")).ToHaveTextAsync("live", new() { Timeout = 20_000 });
        var input = widget.GetByLabel("Your message");
        await input.FillAsync("Hello, I was charged twice");
        await input.PressAsync("Enter");
        await Assertions.Expect(console.Locator("#messages")).ToContainTextAsync("Hello, I was charged twice", BrowserWorld.Patiently);
        await Assertions.Expect(panel.Locator(".status")).ToHaveTextAsync("With operator ann", new() { Timeout = 20_000 });

        // The visitor types without sending: ann sees the draft under the dialog; sending it clears the preview.
        await input.PressSequentiallyAsync("Order 42, card ending 1234");
        await Assertions.Expect(console.Locator("#customer-draft")).ToContainTextAsync("Order 42, card ending 1234", BrowserWorld.Patiently);
        await BrowserWorld.ScreenshotAsync(console, "console-draft-preview");
        await input.PressAsync("Enter");
        await Assertions.Expect(console.Locator("#messages")).ToContainTextAsync("Order 42, card ending 1234", BrowserWorld.Patiently);
        await Assertions.Expect(console.Locator("#customer-draft")).ToBeHiddenAsync(new() { Timeout = 20_000 });

        // A javascript: URL is refused by the engine and said so; a web page reaches the widget as a link.
        await console.Locator("#navigate-url").FillAsync("javascript:alert(document.cookie)");
        await console.GetByRole(AriaRole.Button, new() { Name = "Send link" }).ClickAsync();
        await Assertions.Expect(console.Locator("#navigate-error")).ToContainTextAsync("http or https", BrowserWorld.Patiently);
        await console.Locator("#navigate-url").FillAsync("https://shop.example/pay?order=42");
        await console.GetByRole(AriaRole.Button, new() { Name = "Send link" }).ClickAsync();
        var link = panel.Locator(".navigation-link");
        await Assertions.Expect(link).ToHaveAttributeAsync("href", "https://shop.example/pay?order=42", new() { Timeout = 20_000 });
        await Assertions.Expect(link).ToHaveAttributeAsync("target", "_blank");
        await Assertions.Expect(panel.Locator(".navigation")).ToContainTextAsync("ann suggests a page");
        Assert.Single(await panel.Locator(".navigation-link").AllAsync()); // the refused one never arrived
        var still = new Uri(widget.Url); // the widget offers the page, it does not go there
        Assert.Equal((world.BaseAddress.Authority, "/widget/demo.html"), (still.Authority, still.AbsolutePath));
        await BrowserWorld.ScreenshotAsync(widget, "widget-navigate-link");

        Assert.Empty(world.ScriptErrors);
    }
}
