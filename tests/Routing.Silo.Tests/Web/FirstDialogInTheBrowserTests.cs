using System.Text.Json;
using Microsoft.Playwright;
using Routing.Silo.Tests.Api;
using static Microsoft.Playwright.Assertions;

namespace Routing.Silo.Tests.Web;

/// <summary>
/// The README's first walk-through, in a real browser: the landing page creates the demo workspace, a visitor chats in
/// the widget, ann answers from her console, the supervisor watches the wallboard; the visitor's network drops (a real
/// cut of the TCP connection) while ann writes, and nothing is lost.
/// </summary>
public sealed class FirstDialogInTheBrowserTests
{
    [Fact]
    public async Task A_visitor_writes_ann_accepts_and_answers_the_wallboard_follows_and_a_dropped_network_loses_nothing()
    {
        await using var world = await BrowserWorld.StartAsync();
        await using var network = new SeverableProxy(world.BaseAddress); // the visitor's way to the engine

        var landing = await world.OpenAsync("/");
        await landing.GetByLabel("Bootstrap key").FillAsync(ApiWorld.BootstrapKey);
        await landing.GetByRole(AriaRole.Button, new() { Name = "Create demo workspace" }).ClickAsync();
        await Expect(landing.Locator("#demo-ready")).ToBeVisibleAsync(BrowserWorld.Visible);
        var demo = JsonDocument.Parse((await landing.EvaluateAsync<string>("localStorage.getItem('routing.demo')"))!).RootElement;
        var w = $"/v1/workspaces/{demo.GetProperty("workspace").GetString()}";
        var admin = demo.GetProperty("adminKey").GetString()!;
        async Task<string> Link(string id) => (await landing.Locator($"#{id}").GetAttributeAsync("href"))!;

        // Each page in its own window, opened from the landing page's links.
        var wallboard = await world.OpenAsync(await Link("open-wallboard"));
        var console = await world.OpenAsync(await Link("open-console-ann"));
        await Expect(console.Locator("#connection")).ToContainTextAsync("live", BrowserWorld.Patiently);
        await console.Locator("#status-select").SelectOptionAsync("online");
        await Expect(wallboard.Locator("#operator-table tr[data-operator='ann']")).ToContainTextAsync("online", BrowserWorld.Patiently);

        var widget = await world.OpenAsync(new Uri(network.Address, await Link("open-widget")).ToString());
        await Expect(widget.Locator("#setup-status")).ToContainTextAsync("Chatting as", BrowserWorld.Patiently);
        await widget.GetByRole(AriaRole.Button, new() { Name = "Chat with us" }).ClickAsync();
        var panel = widget.Locator(".routing-chat-widget .panel");
        var messages = panel.Locator(".messages");
        await Expect(panel.Locator(".badge")).ToHaveTextAsync("live", new() { Timeout = 20_000 });
        await widget.GetByLabel("Your message").FillAsync("Hello, where is my order?");
        await widget.GetByLabel("Your message").PressAsync("Enter");

        // Support offers its dialogs: ann's console shows the offer with a countdown, she accepts and answers.
        var offer = console.Locator(".offer-card");
        await Expect(offer).ToContainTextAsync("Hello, where is my order?", BrowserWorld.Patiently);
        await Expect(offer).ToContainTextAsync("Accept within", BrowserWorld.Patiently);
        await Expect(wallboard.Locator("#conversation-table")).ToContainTextAsync("offered", BrowserWorld.Patiently);
        var conversationId = (await wallboard.Locator("#conversation-table tr[data-conversation]").GetAttributeAsync("data-conversation"))!;
        await BrowserWorld.ScreenshotAsync(console, "walkthrough-console-offer");
        await offer.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(console.Locator("#messages")).ToContainTextAsync("Hello, where is my order?", BrowserWorld.Patiently);
        await console.Locator("#reply").FillAsync("Hi! It ships today.");
        await console.Locator("#reply").PressAsync("Enter");

        await Expect(messages.Locator(".from-operator")).ToContainTextAsync("Hi! It ships today.", BrowserWorld.Patiently);
        await Expect(panel.Locator(".status")).ToHaveTextAsync("With operator ann", new() { Timeout = 20_000 });
        await Expect(wallboard.Locator("#operator-table tr[data-operator='ann']")).ToContainTextAsync("1 / 2", BrowserWorld.Patiently);
        await BrowserWorld.ScreenshotAsync(widget, "walkthrough-widget-reply");
        await BrowserWorld.ScreenshotAsync(wallboard, "walkthrough-wallboard");

        // The visitor's network drops (connections reset, no close frame) and stays down while ann writes twice.
        network.Hold();
        network.Sever();
        await Expect(panel.Locator(".badge")).Not.ToHaveTextAsync("live", new() { Timeout = 20_000 });
        foreach (var text in new[] { "Your tracking number is NW-12345.", "Anything else?" })
        {
            await console.Locator("#reply").FillAsync(text);
            await console.Locator("#reply").PressAsync("Enter");
            await Expect(console.Locator("#messages .message.mine:not(.pending)", new() { HasText = text })).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        }
        await BrowserWorld.ScreenshotAsync(widget, "walkthrough-widget-offline");
        network.Release();
        await Expect(panel.Locator(".badge")).ToHaveTextAsync("live", new() { Timeout = 30_000 });
        await Expect(messages.Locator(".from-operator")).ToHaveCountAsync(3, new() { Timeout = 20_000 }); // each exactly once, in order
        Assert.Equal(["Hi! It ships today.", "Your tracking number is NW-12345.", "Anything else?"],
            (await messages.Locator(".from-operator .text").AllTextContentsAsync()).Select(t => t.Trim()));

        // ann closes; the widget asks for a rating and the visitor gives one; the wallboard's numbers follow.
        await console.GetByRole(AriaRole.Button, new() { Name = "Close dialog" }).ClickAsync();
        await Expect(console.Locator(".dialog-item")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        var rating = panel.Locator("form.rating");
        await Expect(rating).ToBeVisibleAsync(BrowserWorld.Visible);
        await rating.GetByLabel("5 of 5").CheckAsync();
        await rating.GetByRole(AriaRole.Button, new() { Name = "Send rating" }).ClickAsync();
        await Expect(panel.Locator(".thanks")).ToBeVisibleAsync(BrowserWorld.Visible);
        await Expect(wallboard.Locator("#operator-table tr[data-operator='ann']")).ToContainTextAsync("0 / 2", BrowserWorld.Patiently);
        await Expect(wallboard.Locator("#stats-totals div").Filter(new() { HasText = "Answered" }).Locator("dd"))
            .ToHaveTextAsync("1", new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 });

        // What the pages showed is what the engine stored: four messages once each, and ann's rating.
        var stored = (await world.Api.GetJsonAsync($"{w}/conversations/{conversationId}/messages", admin)).EnumerateArray()
            .Select(m => (m.GetProperty("author").GetString(), m.GetProperty("text").GetString())).ToList();
        Assert.Equal([("customer", "Hello, where is my order?"), ("operator", "Hi! It ships today."),
            ("operator", "Your tracking number is NW-12345."), ("operator", "Anything else?")], stored);
        var ratings = await world.Api.GetJsonAsync($"{w}/operators/ann/ratings", admin);
        Assert.Equal(1, ratings.GetProperty("count").GetInt32());
        await BrowserWorld.ScreenshotAsync(wallboard, "walkthrough-wallboard-after");
        Assert.True(world.ScriptErrors.Count == 0, string.Join("\n", world.ScriptErrors));
    }
}
