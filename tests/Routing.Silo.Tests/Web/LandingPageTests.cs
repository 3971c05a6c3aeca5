using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Routing.Silo.Tests.Api;
using static Microsoft.Playwright.Assertions;

namespace Routing.Silo.Tests.Web;

/// <summary>The page at /: a newcomer creates a demo workspace in one click and gets links into every reference page.</summary>
public sealed class LandingPageTests
{
    [Fact]
    public async Task One_click_with_the_bootstrap_key_creates_a_demo_workspace_whose_keys_and_tokens_work()
    {
        await using var world = await BrowserWorld.StartAsync();
        var page = await world.OpenAsync("/");
        await Expect(page.Locator("#health")).ToContainTextAsync("healthy", BrowserWorld.Patiently);

        // A wrong key: a clear error, nothing created.
        await page.GetByLabel("Bootstrap key").FillAsync("not-the-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create demo workspace" }).ClickAsync();
        await Expect(page.Locator("#demo-error")).ToContainTextAsync("refused this bootstrap key", BrowserWorld.Patiently);
        await Expect(page.Locator("#demo-ready")).ToBeHiddenAsync();

        await page.GetByLabel("Bootstrap key").FillAsync(ApiWorld.BootstrapKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create demo workspace" }).ClickAsync();
        await Expect(page.Locator("#demo-ready")).ToBeVisibleAsync(BrowserWorld.Visible);
        await BrowserWorld.ScreenshotAsync(page, "landing-demo-ready");

        var demo = JsonDocument.Parse((await page.EvaluateAsync<string>("localStorage.getItem('routing.demo')"))!).RootElement;
        var workspace = demo.GetProperty("workspace").GetString()!;
        Assert.Equal(workspace, await page.Locator("#demo-workspace").TextContentAsync());
        var w = $"/v1/workspaces/{workspace}";

        // What the page created answers as the README says, each credential in its own scope.
        var admin = demo.GetProperty("adminKey").GetString()!;
        var support = (await world.Api.OkAsync(HttpMethod.Get, $"{w}/departments/support", admin)).GetProperty("config");
        Assert.True(support.GetProperty("offerMode").GetBoolean());
        Assert.Equal(5, support.GetProperty("ratingScale").GetInt32());
        await world.Api.OkAsync(HttpMethod.Get, $"{w}/departments/sales", admin);
        Assert.Equal("support", (await world.Api.OkAsync(HttpMethod.Get, $"{w}/entry-routing", admin)).GetProperty("defaultDepartmentId").GetString());
        await world.Api.OkAsync(HttpMethod.Get, $"{w}/queues", demo.GetProperty("supervisorKey").GetString()!);
        await world.Api.OkAsync(HttpMethod.Post, $"{w}/customer-tokens", demo.GetProperty("channelKey").GetString()!, new { externalCustomerId = "visitor-1" });
        foreach (var operatorId in new[] { "ann", "bob" })
        {
            var token = demo.GetProperty("operators").EnumerateArray().Single(o => o.GetProperty("operatorId").GetString() == operatorId).GetProperty("token").GetString()!;
            Assert.Equal(operatorId, (await world.Api.OkAsync(HttpMethod.Get, $"{w}/operator", token)).GetProperty("operatorId").GetString());
        }
        using (var refused = await world.Api.SendAsync(HttpMethod.Get, $"{w}/queues", demo.GetProperty("channelKey").GetString()!))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // The links carry the credentials in the fragment (never sent to the server), one per page.
        var consoleLink = await page.Locator("#open-console-ann").GetAttributeAsync("href");
        Assert.StartsWith("/console/#", consoleLink);
        Assert.Contains($"workspace={workspace}", consoleLink);

        // A reload remembers the demo; forgetting it hides the links.
        await page.ReloadAsync();
        await Expect(page.Locator("#demo-workspace")).ToHaveTextAsync(workspace);
        await page.GetByRole(AriaRole.Button, new() { Name = "Forget this demo in this browser" }).ClickAsync();
        await Expect(page.Locator("#demo-ready")).ToBeHiddenAsync();
        Assert.Null(await page.EvaluateAsync<string?>("localStorage.getItem('routing.demo')"));
        Assert.Empty(world.ScriptErrors);
    }

    [Fact]
    public async Task The_pages_and_the_api_reference_are_served_without_a_key_under_a_strict_content_security_policy()
    {
        await using var world = await BrowserWorld.StartAsync();
        using var landing = await world.Api.Silo.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.Equal("text/html", landing.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(";", landing.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal("nosniff", Assert.Single(landing.Headers.GetValues("X-Content-Type-Options")));

        // The pages' files are compressed for browsers that ask; the API's answers never are (they carry secrets).
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/widget/chat-panel.js"))
        {
            request.Headers.AcceptEncoding.ParseAdd("gzip, br");
            using var script = await world.Api.Silo.Http.SendAsync(request);
            Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
            Assert.Contains(script.Content.Headers.ContentEncoding, e => e is "br" or "gzip");
        }
        var admin = await world.Api.CreateWorkspaceAsync("acme");
        using (var request = ApiWorld.Request(HttpMethod.Post, "/v1/workspaces/acme/api-keys", admin, new { scope = "channel" }))
        {
            request.Headers.AcceptEncoding.ParseAdd("gzip, br");
            using var secret = await world.Api.Silo.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, secret.StatusCode);
            Assert.Empty(secret.Content.Headers.ContentEncoding);
        }

        // Every link of the landing page answers (the dashboard asks for the bootstrap key).
        var page = await world.OpenAsync("/");
        var links = await page.Locator("main a[href^='/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.NotEmpty(links);
        foreach (var link in links.Distinct())
        {
            using var response = await world.Api.Silo.Http.GetAsync(link);
            Assert.True(response.StatusCode is HttpStatusCode.OK || (link == "/dashboard/" && response.StatusCode == HttpStatusCode.Unauthorized),
                $"{link}: {(int)response.StatusCode}");
        }

        // The protocol document (Markdown for programs) reads as a page in a browser.
        var protocol = await world.OpenAsync("/docs/websocket-protocol.html");
        await Expect(protocol.Locator("#document h2").First).ToBeVisibleAsync(BrowserWorld.Visible);
        await Expect(protocol.Locator("#document")).ToContainTextAsync("Resume: a flaky network loses nothing");
        Assert.True(await protocol.Locator("#document table").CountAsync() > 5);

        Assert.True(world.ScriptErrors.Count == 0, string.Join("\n", world.ScriptErrors));

        // The API reference (Scalar's own page, outside our policy) renders the OpenAPI document in the browser, from the silo alone (no CDN on this machine).
        var reference = await world.OpenAsync("/docs/api");
        await Expect(reference.Locator("body")).ToContainTextAsync("Creates a workspace and its first admin key", new() { Timeout = 30_000 });
        await BrowserWorld.ScreenshotAsync(reference, "api-reference");

        // A path that is neither a page nor the API is still a problem-details 404.
        using var missing = await world.Api.Silo.Http.GetAsync("/no-such-page.html");
        await ApiWorld.AssertProblemAsync(missing, HttpStatusCode.NotFound, "not-found");
    }
}
