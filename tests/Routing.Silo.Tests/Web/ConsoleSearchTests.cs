using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Routing.Silo.Tests.Api;

namespace Routing.Silo.Tests.Web;

/// <summary>
/// Message search in the operator console, headless Chromium against the real silo: ann finds what was written, the
/// matched words are highlighted (as text: a message's markup stays text), the next page comes with "More results", a hit
/// in a dialog she holds opens it at that message, a hit in a dialog she no longer holds shows only its excerpt, and a
/// query with nothing to find is refused clearly.
/// </summary>
public sealed class ConsoleSearchTests
{
    private const string Ws = "finder";
    private const string W = "/v1/workspaces/" + Ws;

    private static readonly LocatorAssertionsToContainTextOptions Patiently = BrowserWorld.Patiently;
    private static readonly LocatorAssertionsToHaveCountOptions CountPatiently = new() { Timeout = 20_000 };

    [Fact]
    public async Task An_operator_searches_her_messages_sees_the_words_highlighted_pages_on_and_opens_a_hit_of_a_dialog_she_holds()
    {
        await using var world = await BrowserWorld.StartAsync();
        var admin = await world.Api.CreateWorkspaceAsync(Ws);
        var channel = await world.Api.CreateKeyAsync(Ws, admin, "channel");
        await world.Api.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support" });
        await world.Api.OkAsync(HttpMethod.Put, $"{W}/entry-routing", admin, new { defaultDepartmentId = "support" });
        await world.Api.OkAsync(HttpMethod.Put, $"{W}/operators/ann", admin, new { capacity = 3, departments = new[] { new { departmentId = "support" } } });
        var annToken = await Tokens.OperatorAsync(world.Api, Ws, admin, "ann");
        var page = await world.OpenAsync($"/console/#workspace={Ws}&credential={annToken}");
        await page.Locator("#status-select").SelectOptionAsync("online");
        await Assertions.Expect(page.Locator("#status-note")).ToContainTextAsync("receiving dialogs", Patiently);

        // An earlier dialog she answered and closed: searchable, but no longer hers to open.
        var closed = await WriteAsync(world.Api, channel, "visitor-old", "Can I get a copy of my invoice?");
        await Assertions.Expect(page.Locator(".dialog-item", new() { HasText = "visitor-old" })).ToHaveCountAsync(1, CountPatiently);
        await world.Api.OkAsync(HttpMethod.Post, $"{W}/operator/conversations/{closed}/messages", annToken, new { text = "Sent by e-mail." });
        await world.Api.OkAsync(HttpMethod.Post, $"{W}/operator/conversations/{closed}/close", annToken);
        await Assertions.Expect(page.Locator(".dialog-item", new() { HasText = "visitor-old" })).ToHaveCountAsync(0, CountPatiently);

        // The dialog she holds: the customer's message (with markup in it) first, then 22 notes of hers.
        var held = await WriteAsync(world.Api, channel, "visitor-1", "My invoice <b>INV-2041</b> shows the wrong address");
        await Assertions.Expect(page.Locator("#messages")).ToContainTextAsync("INV-2041", Patiently);
        for (var i = 1; i <= 22; i++)
            await world.Api.OkAsync(HttpMethod.Post, $"{W}/operator/conversations/{held}/messages", annToken, new { text = $"Invoice check step {i}" });
        await Assertions.Expect(page.Locator("#messages")).ToContainTextAsync("Invoice check step 22", Patiently);

        // Nothing to find (only an exclusion): the engine's refusal is shown, no results.
        await page.Locator("#search-q").FillAsync("-invoice");
        await page.Locator("#search-q").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#search-error")).ToContainTextAsync("invalid-request", Patiently);
        await Assertions.Expect(page.Locator("#search-results")).ToBeHiddenAsync(new() { Timeout = 20_000 });

        // "invoice": 24 messages match; the first page has 20 and says there is more.
        await page.Locator("#search-q").FillAsync("invoice");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        var hits = page.Locator("#search-results .search-list > li");
        await Assertions.Expect(hits).ToHaveCountAsync(20, CountPatiently);
        await Assertions.Expect(page.Locator("#search-error")).ToBeEmptyAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#search-results .search-summary")).ToContainTextAsync("20+ messages found for “invoice”", Patiently);
        await Assertions.Expect(hits.First.Locator("mark").First).ToHaveTextAsync(new Regex("^[Ii]nvoice$"), new() { Timeout = 20_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "More results" }).ClickAsync();
        await Assertions.Expect(hits).ToHaveCountAsync(24, CountPatiently);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "More results" })).ToBeHiddenAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#search-results .search-summary")).ToContainTextAsync("24 messages found", Patiently);

        // The customer's message: its markup is text, its matched word a <mark>.
        var customerHit = hits.Filter(new() { HasText = "INV-2041" });
        await Assertions.Expect(customerHit).ToHaveCountAsync(1, CountPatiently);
        await Assertions.Expect(customerHit).ToContainTextAsync("<b>INV-2041</b>", Patiently);
        await Assertions.Expect(customerHit.Locator(".search-snippet b")).ToHaveCountAsync(0, CountPatiently);
        await Assertions.Expect(customerHit.Locator("mark")).ToHaveTextAsync("invoice", new() { Timeout = 20_000 });

        // The closed dialog's hit is an excerpt only (not a button).
        var closedHit = hits.Filter(new() { HasText = "copy of my invoice" });
        await Assertions.Expect(closedHit).ToContainTextAsync("only this excerpt", Patiently);
        await Assertions.Expect(closedHit.Locator("button")).ToHaveCountAsync(0, CountPatiently);
        await BrowserWorld.ScreenshotAsync(page, "console-search");

        // Another dialog is open; the hit opens visitor-1's at the customer's message.
        await WriteAsync(world.Api, channel, "visitor-2", "Unrelated question");
        var other = page.Locator(".dialog-item", new() { HasText = "visitor-2" });
        await other.ClickAsync();
        await Assertions.Expect(page.Locator("#messages")).ToContainTextAsync("Unrelated question", Patiently);
        await customerHit.GetByRole(AriaRole.Button).ClickAsync();
        var found = page.Locator("#messages .message.found");
        await Assertions.Expect(found).ToContainTextAsync("INV-2041", Patiently);
        await Assertions.Expect(page.Locator("#detail-title")).ToContainTextAsync("visitor-1", Patiently);
        await BrowserWorld.ScreenshotAsync(page, "console-search-opened");

        // On a phone the results are in the list view too.
        var phone = await world.OpenAsync($"/console/#workspace={Ws}&credential={annToken}", new ViewportSize { Width = 390, Height = 844 });
        await phone.Locator("#search-q").FillAsync("address");
        await phone.Locator("#search-q").PressAsync("Enter");
        await Assertions.Expect(phone.Locator("#search-results mark")).ToHaveTextAsync("address", new() { Timeout = 20_000 });
        await BrowserWorld.ScreenshotAsync(phone, "console-search-phone");

        Assert.Empty(world.ScriptErrors);
    }

    private static async Task<string> WriteAsync(ApiWorld api, string channel, string customer, string text) =>
        (await api.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = customer, text }))
            .GetProperty("conversationId").GetString()!;
}
