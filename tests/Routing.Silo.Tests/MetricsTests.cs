using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Routing.Silo.Tests.Api;
using Routing.Testing;

namespace Routing.Silo.Tests;

/// <summary>The domain metrics at /metrics (Prometheus text), counted from what the grains publish; the bootstrap key only.</summary>
public sealed class MetricsTests
{
    private const string W = "/v1/workspaces/acme";

    [Fact]
    public async Task A_dialog_that_waited_then_got_an_operator_shows_in_queue_depth_wait_and_time_to_assign()
    {
        await using var world = await ApiWorld.StartAsync();
        var desk = await SupportDesk.ArrangeAsync(world); // ann holds v1's chat (it passed the queue at once), v2's waits
        await Eventually.True(async () => await ValueAsync(world, "routing_queue_depth", Support) == 1 &&
                                          await ValueAsync(world, "routing_dialog_time_to_assign_seconds_count") == 1, "one waits, one was assigned");

        // ann's slot frees: v2's chat leaves the queue for her.
        await world.OkAsync(HttpMethod.Post, $"{W}/conversations/{desk.Held.GetProperty("conversationId").GetString()}/close", desk.Admin, new { });

        await Eventually.True(async () => await ValueAsync(world, "routing_queue_depth", Support) == 0 &&
                                          await ValueAsync(world, "routing_dialog_time_to_assign_seconds_count") == 2 &&
                                          await ValueAsync(world, "routing_dialog_wait_seconds_count") == 2, "the assignment from the queue shows");
        Assert.Equal(0, await ValueAsync(world, "routing_sessions_active"));
        Assert.Null(await ValueAsync(world, "routing_rescues_total")); // nothing rescued: the counter has no series yet
    }

    [Fact]
    public async Task A_department_reports_its_queue_depth_only_while_its_grain_is_active_on_the_silo()
    {
        await using var world = await ApiWorld.StartAsync();
        var desk = await SupportDesk.ArrangeAsync(world); // v2's chat waits in support
        await Eventually.True(async () => await ValueAsync(world, "routing_queue_depth", Support) == 1, "the waiting dialog shows");

        // Idle grains stop (as one moving to another silo does): this silo no longer speaks for support's queue.
        var management = world.Silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        await Eventually.True(async () =>
        {
            await management.ForceActivationCollection(TimeSpan.Zero);
            return await ValueAsync(world, "routing_queue_depth", Support) is null;
        }, "the stopped department's depth is withdrawn");

        // Its next activation reports the depth at once, before the queue changes.
        await world.GetJsonAsync($"{W}/queues", desk.Admin);
        await Eventually.True(async () => await ValueAsync(world, "routing_queue_depth", Support) == 1, "the reactivated department reports its queue");
    }

    private const string Support = "department=\"acme/department/support\"";

    [Fact]
    public async Task A_silo_counts_only_its_own_dialogs_when_another_silo_shares_the_process()
    {
        await using var busy = await ApiWorld.StartAsync();
        await using var idle = await ApiWorld.StartAsync();
        await SupportDesk.ArrangeAsync(busy);
        await Eventually.True(async () => await ValueAsync(busy, "routing_dialog_time_to_assign_seconds_count") == 1, "the busy silo counts its assignment");

        var idleScrape = await ScrapeAsync(idle);
        Assert.DoesNotContain("routing_dialog_time_to_assign_seconds_count{", idleScrape, StringComparison.Ordinal);
        Assert.DoesNotContain("routing_queue_depth{", idleScrape, StringComparison.Ordinal);
        Assert.Contains("\norleans_", idleScrape, StringComparison.Ordinal); // Orleans' own meter, of this silo, is there
    }

    [Fact]
    public async Task Only_the_bootstrap_key_may_scrape()
    {
        await using var world = await ApiWorld.StartAsync();
        var admin = await world.CreateWorkspaceAsync("acme");

        foreach (var key in new[] { null, admin })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var response = await world.Silo.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    /// <summary>The value of a series in Prometheus' text format (the first whose labels contain <paramref name="label"/>), or null.</summary>
    private static async Task<double?> ValueAsync(ApiWorld world, string name, string label = "")
    {
        foreach (var line in (await ScrapeAsync(world)).Split('\n'))
            if (line.StartsWith(name + "{", StringComparison.Ordinal) && line.Contains(label, StringComparison.Ordinal))
                return double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return null;
    }

    private static async Task<string> ScrapeAsync(ApiWorld world)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiWorld.BootstrapKey);
        using var response = await world.Silo.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
