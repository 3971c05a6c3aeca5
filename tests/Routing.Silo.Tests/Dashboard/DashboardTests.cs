using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;
using Routing.Silo.Tests.Api;
using Routing.Testing;

namespace Routing.Silo.Tests.Dashboard;

/// <summary>The Orleans Dashboard at /dashboard of a two-silo cluster on PostgreSQL: the bootstrap key opens it, in a real browser.</summary>
public sealed class DashboardTests
{
    [Fact]
    public async Task Only_the_bootstrap_key_opens_it_and_a_browser_sees_both_silos_and_our_grain_types()
    {
        var server = await PostgresServer.GetSharedAsync();
        var database = await server.CreateDatabaseAsync("dashboard");
        try
        {
            string[] args = ["--Storage:Provider=postgresql", $"--Storage:PostgreSql:ConnectionString={database}", $"--Auth:BootstrapKey={ApiWorld.BootstrapKey}"];
            await using var first = await RunningSilo.StartAsync(args);
            await using var second = await RunningSilo.StartAsync(args);
            var admin = (await ApiWorld.OkAsync(first.Http, HttpMethod.Post, "/v1/workspaces", ApiWorld.BootstrapKey, new { workspaceId = "acme" }))
                .GetProperty("apiKey").GetString()!;
            await ApiWorld.OkAsync(second.Http, HttpMethod.Put, "/v1/workspaces/acme/departments/support", admin, new { name = "Support" });

            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(first.Http, null));
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(first.Http, new AuthenticationHeaderValue("Bearer", admin)));
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(first.Http, Basic("ops", "wrong")));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(first.Http, new AuthenticationHeaderValue("Bearer", ApiWorld.BootstrapKey)));

            var (playwright, browser) = await HeadlessChromium.LaunchAsync();
            using (playwright)
            await using (browser)
            {
                // As a person would: the browser asks for the credentials on the 401 challenge and sends them on every call.
                var page = await browser.NewPageAsync(new BrowserNewPageOptions
                {
                    HttpCredentials = new HttpCredentials { Username = "ops", Password = ApiWorld.BootstrapKey },
                });
                var dashboard = new Uri(first.Http.BaseAddress!, "/dashboard/");
                await page.GotoAsync(dashboard.ToString());
                var body = page.Locator("body");
                await Assertions.Expect(body).ToContainTextAsync("Active Silos2", Patiently);

                await page.GotoAsync(new Uri(dashboard, "#/silos").ToString());
                foreach (var silo in new[] { first, second })
                    await Assertions.Expect(body).ToContainTextAsync($"127.0.0.1:{silo.SiloPort}@", Patiently);

                await page.GotoAsync(new Uri(dashboard, "#/grains").ToString());
                await Assertions.Expect(body).ToContainTextAsync("WorkspaceGrain", Patiently);
                await Assertions.Expect(body).ToContainTextAsync("DepartmentGrain", Patiently);
            }
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    /// <summary>The dashboard polls its counters every second; a busy CI machine may need several rounds.</summary>
    private static readonly LocatorAssertionsToContainTextOptions Patiently = new() { Timeout = 30_000 };

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        request.Headers.Authorization = authorization;
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
