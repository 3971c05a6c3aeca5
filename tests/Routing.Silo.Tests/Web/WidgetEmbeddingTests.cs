using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Routing.Silo.Tests.Api;
using Routing.Testing;
using static Microsoft.Playwright.Assertions;

namespace Routing.Silo.Tests.Web;

/// <summary>
/// The widget as a customer's site embeds it: one script tag on a page of another origin (a made-up shop, served by the
/// browser's request routing), the engine reached across origins for the module scripts (CORS) and the WebSocket.
/// </summary>
public sealed class WidgetEmbeddingTests
{
    private const string Ws = "acme";

    [Fact]
    public async Task One_script_tag_on_another_sites_page_chats_with_the_engine()
    {
        await using var world = await BrowserWorld.StartAsync();
        var admin = await world.Api.CreateWorkspaceAsync(Ws);
        var channel = await world.Api.CreateKeyAsync(Ws, admin, "channel");
        await world.Api.OkAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/departments/support", admin, new { name = "Support" });
        await world.Api.OkAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/operators/ann", admin, new { capacity = 1, departments = new[] { new { departmentId = "support" } } });
        await world.Api.OkAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/operators/ann/status", admin, new { status = "online" });
        var ann = (await world.Api.OkAsync(HttpMethod.Post, $"/v1/workspaces/{Ws}/operators/ann/tokens", admin, new { })).GetProperty("token").GetString()!;
        // What the shop's backend does before it renders the page: a token for its visitor, with its channel key.
        var visitor = (await world.Api.OkAsync(HttpMethod.Post, $"/v1/workspaces/{Ws}/customer-tokens", channel, new { externalCustomerId = "shopper-1" }))
            .GetProperty("token").GetString()!;
        var engine = world.BaseAddress.GetLeftPart(UriPartial.Authority);
        var shopPage = $"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title><link rel="icon" href="data:,"></head>
            <body><h1>Tents</h1>
            <script type="module" src="{engine}/widget/widget.js" data-workspace="{Ws}" data-token="{visitor}"></script>
            </body></html>
            """;
        // The shop: its own web server, so its own origin (another port). On loopback like the engine, as Chromium
        // refuses a public page's requests to a loopback address (Private Network Access); a real site and engine are
        // both public.
        await using var shop = await ShopAsync(shopPage);
        var page = await world.OpenAsync(new Uri(shop.Urls.Single() + "/tents").ToString());
        Assert.NotEqual(engine, await page.EvaluateAsync<string>("location.origin"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Chat with us" }).ClickAsync();
        var panel = page.Locator(".routing-chat-widget .panel");
        await Expect(panel.Locator(".badge")).ToHaveTextAsync("live", new() { Timeout = 20_000 });
        await page.GetByLabel("Your message").FillAsync("Is the Ridge 2 in stock?");
        await page.GetByLabel("Your message").PressAsync("Enter");

        // ann answers over REST; the shop's widget shows it.
        string? conversationId = null;
        await Eventually.True(async () =>
        {
            var held = (await world.Api.OkAsync(HttpMethod.Get, $"/v1/workspaces/{Ws}/operator", ann)).GetProperty("conversations");
            conversationId = held.GetArrayLength() == 1 ? held[0].GetString() : null;
            return conversationId is not null;
        }, "ann holds the shopper's dialog");
        await world.Api.OkAsync(HttpMethod.Post, $"/v1/workspaces/{Ws}/operator/conversations/{conversationId}/messages", ann, new { text = "Yes, three left." });
        await Expect(panel.Locator(".messages .from-operator")).ToContainTextAsync("Yes, three left.", BrowserWorld.Patiently);
        await BrowserWorld.ScreenshotAsync(page, "widget-embedded-on-another-site");
        Assert.True(world.ScriptErrors.Count == 0, string.Join("\n", world.ScriptErrors));
    }

    private static async Task<WebApplication> ShopAsync(string page)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var shop = builder.Build();
        shop.MapGet("/tents", () => Results.Content(page, "text/html"));
        await shop.StartAsync();
        return shop;
    }
}
