using Microsoft.Playwright;
using Routing.Silo.Tests.Api;
using Routing.Silo.Tests.Dashboard;

namespace Routing.Silo.Tests.Web;

/// <summary>
/// The real silo (<see cref="ApiWorld"/>) and headless Chromium: the reference pages (client-api/wwwroot) opened as a
/// person would. Every page gets its own browser context (its own storage, as a separate window or device).
/// Screenshots land in the test output's <c>screenshots</c> folder (CI keeps them as artifacts).
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

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static async Task<BrowserWorld> StartAsync(params string[] siloArgs)
    {
        var api = await ApiWorld.StartAsync(siloArgs);
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

    /// <summary>A new window (own storage) at <paramref name="path"/> (may carry a #fragment), failing the test on any script error.</summary>
    public async Task<IPage> OpenAsync(string path, ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 800 } });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => ScriptErrors.Add($"{path}: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error") ScriptErrors.Add($"{path}: console: {message.Text}");
        };
        await page.GotoAsync(new Uri(BaseAddress, path).ToString());
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
