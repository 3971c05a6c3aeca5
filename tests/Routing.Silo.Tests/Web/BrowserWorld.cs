using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Routing.Silo.Tests.Api;
using Routing.Silo.Tests.Dashboard;
using Routing.Testing;

namespace Routing.Silo.Tests.Web;

/// <summary>
/// The real silo (<see cref="ApiWorld"/>) and headless Chromium: the reference pages (client-api/wwwroot) opened as a
/// person would. Every page gets its own browser context (its own storage, as a separate window or device).
/// Screenshots land in <see cref="ScreenshotFolder"/> (CI keeps them as artifacts).
/// </summary>
internal sealed class BrowserWorld : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly List<IBrowserContext> _contexts = [];

    private BrowserWorld(ApiWorld api, IPlaywright playwright, IBrowser browser)
    {
        Api = api;
        _playwright = playwright;
        Browser = browser;
    }

    public ApiWorld Api { get; }

    public IBrowser Browser { get; }

    public Uri BaseAddress => Api.Silo.Http.BaseAddress!;

    /// <summary>$ROUTING_TEST_ARTIFACTS/screenshots (tests/run sets it to TestResults/artifacts), else next to the test binaries.</summary>
    public static string ScreenshotFolder { get; } =
        Path.Combine(Environment.GetEnvironmentVariable("ROUTING_TEST_ARTIFACTS") is { Length: > 0 } artifacts ? artifacts : AppContext.BaseDirectory, "screenshots");

    public static async Task<BrowserWorld> StartAsync(params string[] siloArgs) => await WithBrowserAsync(await ApiWorld.StartAsync(siloArgs));

    /// <summary>The same with the grains on <paramref name="clock"/> (durable deadlines such as reminders, the sessions' deferred asks).</summary>
    public static async Task<BrowserWorld> StartAsync(FakeTimeProvider clock, params string[] siloArgs) =>
        await WithBrowserAsync(await ApiWorld.StartAsync(builder => builder.Services.UseFakeClockForGrains(clock), siloArgs));

    private static async Task<BrowserWorld> WithBrowserAsync(ApiWorld api)
    {
        try
        {
            var (playwright, browser) = await HeadlessChromium.LaunchAsync();
            return new BrowserWorld(api, playwright, browser);
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A new window (own storage) at <paramref name="path"/> on the silo (may carry a #fragment), or at an absolute
    /// address (through a proxy), recording any script error.
    /// </summary>
    public async Task<IPage> OpenAsync(string path, ViewportSize? viewport = null, Func<IPage, Task>? beforeNavigation = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 800 } });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => ScriptErrors.Add($"{path}: {error}");
        page.Console += (_, message) =>
        {
            // Chromium logs every refused request (a 401 for a wrong key the page then explains) as a console error:
            // those are the API's answers, which tests assert on the page; anything else is a defect of the page.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal))
                ScriptErrors.Add($"{path}: console: {message.Text}");
        };
        page.Response += (_, response) =>
        {
            // A page's own files must all be there (a missing module or stylesheet is a 404 of a static file).
            if (response.Status == 404 && !new Uri(response.Url).AbsolutePath.StartsWith("/v1/", StringComparison.Ordinal))
                ScriptErrors.Add($"{path}: missing file {response.Url}");
        };
        if (beforeNavigation is not null) await beforeNavigation(page);
        await page.GotoAsync(path.StartsWith("http", StringComparison.Ordinal) ? path : new Uri(BaseAddress, path).ToString());
        return page;
    }

    /// <summary>Uncaught exceptions and console errors of every page so far; a test asserts it is empty at its end.</summary>
    public List<string> ScriptErrors { get; } = [];

    /// <summary>Saves a full-page screenshot as screenshots/{name}.png.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    /// <summary>Assertions on a busy CI machine: the pages update from WebSocket frames, give them time.</summary>
    public static readonly LocatorAssertionsToContainTextOptions Patiently = new() { Timeout = 20_000 };

    public static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 20_000 };

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts) await context.DisposeAsync();
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Api.DisposeAsync();
    }
}
