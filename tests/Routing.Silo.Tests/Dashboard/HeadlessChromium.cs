using Microsoft.Playwright;

namespace Routing.Silo.Tests.Dashboard;

/// <summary>
/// Debian's chromium (tests/run installs it) driven by Playwright, headless. Playwright's own browser download is not
/// used: the executable is given.
/// </summary>
internal static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Executable, Headless = true, Args = Arguments });
        return (playwright, browser);
    }
}
