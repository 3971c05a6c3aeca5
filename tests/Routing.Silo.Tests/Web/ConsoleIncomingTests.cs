using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Routing.Silo.Tests.Api;

namespace Routing.Silo.Tests.Web;

/// <summary>
/// Incoming (pull) in the operator console, headless Chromium against the real silo on a fake clock: a dialog waiting in
/// a pull department appears in ann's and bob's Incoming, ann takes it (it opens, the entry goes), bob's take of the same
/// dialog is refused and says so, and a dialog ann has no room for shows why she cannot take it.
/// </summary>
/// <remarks>
/// The clock is fake so the order is certain: a session asks its departments again after a queue change at most once
/// per QueueBoardInterval (1 s of the grains' clock), so bob's console still lists the dialog ann took until the clock
/// moves: exactly the moment a real operator clicks Take on a dialog a colleague got first.
/// </remarks>
public sealed class ConsoleIncomingTests
{
    private const string Ws = "pull";
    private const string W = "/v1/workspaces/" + Ws;

    private static readonly LocatorAssertionsToContainTextOptions Patiently = BrowserWorld.Patiently;
    private static readonly LocatorAssertionsToHaveCountOptions CountPatiently = new() { Timeout = 20_000 };

    [Fact]
    public async Task A_waiting_dialog_shows_in_incoming_ann_takes_it_and_bobs_take_of_the_same_dialog_is_refused_clearly()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var world = await BrowserWorld.StartAsync(clock);
        var admin = await world.Api.CreateWorkspaceAsync(Ws);
        var channel = await world.Api.CreateKeyAsync(Ws, admin, "channel");
        await world.Api.OkAsync(HttpMethod.Put, $"{W}/departments/sales", admin, new { name = "Sales", distribution = "pull" });
        await world.Api.OkAsync(HttpMethod.Put, $"{W}/entry-routing", admin, new { defaultDepartmentId = "sales" });
        await world.Api.OkAsync(HttpMethod.Put, $"{W}/operators/ann", admin, new { capacity = 1, departments = new[] { new { departmentId = "sales" } } });
        await world.Api.OkAsync(HttpMethod.Put, $"{W}/operators/bob", admin, new { capacity = 2, departments = new[] { new { departmentId = "sales" } } });
        var ann = await OnlineConsoleAsync(world, admin, "ann");
        var bob = await OnlineConsoleAsync(world, admin, "bob");
        // Nothing waits yet: an operator cannot read their departments' distribution, so the panel waits for a first entry.
        await Assertions.Expect(ann.Locator("#incoming")).ToBeHiddenAsync(new() { Timeout = 20_000 });

        // A customer writes: nobody is assigned in a pull department, the dialog waits in both consoles' Incoming.
        var first = await WriteAsync(world.Api, channel, "visitor-1", "Do you have the blue one in stock?");
        var annEntry = ann.Locator($".incoming-card[data-conversation='{first}']");
        var bobEntry = bob.Locator($".incoming-card[data-conversation='{first}']");
        await TickUntilVisibleAsync(clock, annEntry, bobEntry);
        await Assertions.Expect(annEntry).ToContainTextAsync("sales", Patiently);
        await Assertions.Expect(annEntry).ToContainTextAsync("chat", Patiently);
        await Assertions.Expect(annEntry).ToContainTextAsync("Waiting", Patiently);
        await Assertions.Expect(ann.Locator("#incoming-title")).ToContainTextAsync("(1)", Patiently);
        await BrowserWorld.ScreenshotAsync(ann, "console-incoming");

        // Ann takes it: assigned to her, the dialog opens with the customer's message, the entry leaves her Incoming.
        await annEntry.GetByRole(AriaRole.Button, new() { NameRegex = new("^Take") }).ClickAsync();
        await Assertions.Expect(ann.Locator("#messages")).ToContainTextAsync("Do you have the blue one in stock?", Patiently);
        await Assertions.Expect(ann.Locator(".dialog-item", new() { HasText = "visitor-1" })).ToHaveCountAsync(1, CountPatiently);
        await Assertions.Expect(annEntry).ToHaveCountAsync(0, CountPatiently);
        await Assertions.Expect(ann.Locator("#incoming")).ToContainTextAsync("Nothing waiting", Patiently);
        var taken = (await world.Api.GetJsonAsync($"{W}/conversations/{first}", admin)).GetProperty("conversation");
        Assert.Equal(("assigned", "ann"), (taken.GetProperty("status").GetString(), taken.GetProperty("operatorId").GetString()));

        // Bob's console still lists it (its next ask is not due yet): his take is refused, said plainly, nothing changes.
        await Assertions.Expect(bobEntry).ToHaveCountAsync(1, CountPatiently);
        await bobEntry.GetByRole(AriaRole.Button, new() { NameRegex = new("^Take") }).ClickAsync();
        var refusal = bob.Locator("#incoming .incoming-error");
        await Assertions.Expect(refusal).ToContainTextAsync("Someone else got it first", Patiently);
        await Assertions.Expect(refusal).ToContainTextAsync("already-taken", Patiently);
        await Assertions.Expect(bobEntry).ToHaveCountAsync(0, CountPatiently);
        await Assertions.Expect(bob.Locator(".dialog-item")).ToHaveCountAsync(0, CountPatiently);
        await BrowserWorld.ScreenshotAsync(bob, "console-incoming-refused");
        var still = (await world.Api.GetJsonAsync($"{W}/conversations/{first}", admin)).GetProperty("conversation");
        Assert.Equal("ann", still.GetProperty("operatorId").GetString());

        // Ann is full (capacity 1): the next dialog is in her Incoming with the reason and no Take; bob can take it.
        var second = await WriteAsync(world.Api, channel, "visitor-2", "Hello?");
        var annFull = ann.Locator($".incoming-card[data-conversation='{second}']");
        var bobSecond = bob.Locator($".incoming-card[data-conversation='{second}']");
        await TickUntilVisibleAsync(clock, annFull, bobSecond);
        await Assertions.Expect(annFull).ToContainTextAsync("No free capacity", Patiently);
        await Assertions.Expect(annFull.GetByRole(AriaRole.Button, new() { NameRegex = new("^Take") })).ToBeDisabledAsync(new() { Timeout = 20_000 });
        await bobSecond.GetByRole(AriaRole.Button, new() { NameRegex = new("^Take") }).ClickAsync();
        await Assertions.Expect(bob.Locator("#messages")).ToContainTextAsync("Hello?", Patiently);
        await Assertions.Expect(bob.Locator("#incoming .incoming-error")).ToBeEmptyAsync(new() { Timeout = 20_000 });
        await TickUntilGoneAsync(clock, annFull);

        // The phone layout keeps the panel in the list view.
        var phone = await world.OpenAsync($"/console/#workspace={Ws}&credential={await Tokens.OperatorAsync(world.Api, Ws, admin, "ann")}",
            new ViewportSize { Width = 390, Height = 844 });
        await Assertions.Expect(phone.Locator(".dialog-item", new() { HasText = "visitor-1" })).ToHaveCountAsync(1, CountPatiently);
        await BrowserWorld.ScreenshotAsync(phone, "console-incoming-phone");

        Assert.Empty(world.ScriptErrors);
    }

    private static async Task<IPage> OnlineConsoleAsync(BrowserWorld world, string admin, string operatorId)
    {
        var page = await world.OpenAsync($"/console/#workspace={Ws}&credential={await Tokens.OperatorAsync(world.Api, Ws, admin, operatorId)}");
        await Assertions.Expect(page.Locator("#connection")).ToContainTextAsync("live", Patiently);
        await page.Locator("#status-select").SelectOptionAsync("online");
        await Assertions.Expect(page.Locator("#status-note")).ToContainTextAsync("receiving dialogs", Patiently);
        return page;
    }

    private static async Task<string> WriteAsync(ApiWorld api, string channel, string customer, string text) =>
        (await api.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = customer, text }))
            .GetProperty("conversationId").GetString()!;

    /// <summary>Moves the grains' clock a second at a time (each session's deferred ask falls due) until every entry shows.</summary>
    private static async Task TickUntilVisibleAsync(FakeTimeProvider clock, params ILocator[] entries)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            if (await AllAsync(entries, 1)) return;
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        foreach (var entry in entries) await Assertions.Expect(entry).ToBeVisibleAsync(BrowserWorld.Visible);
    }

    private static async Task TickUntilGoneAsync(FakeTimeProvider clock, ILocator entry)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            if (await AllAsync([entry], 0)) return;
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        await Assertions.Expect(entry).ToHaveCountAsync(0, CountPatiently);
    }

    /// <summary>Whether each locator reaches <paramref name="count"/> within a few seconds (Playwright waits; no sleeping).</summary>
    private static async Task<bool> AllAsync(ILocator[] locators, int count)
    {
        try
        {
            foreach (var locator in locators) await Assertions.Expect(locator).ToHaveCountAsync(count, new() { Timeout = 5_000 });
            return true;
        }
        catch (PlaywrightException)
        {
            return false;
        }
    }
}
