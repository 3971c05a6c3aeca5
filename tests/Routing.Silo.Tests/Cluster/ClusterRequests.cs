using System.Diagnostics;
using System.Text.Json;
using Routing.Silo.Tests.Api;

namespace Routing.Silo.Tests.Cluster;

/// <summary>REST reads and retries the cluster tests share.</summary>
internal static class ClusterRequests
{
    /// <summary>How many activations of <paramref name="grainType"/> the silo behind <paramref name="http"/> hosts.</summary>
    public static async Task<long> ActivationsAsync(HttpClient http, string grainType)
    {
        using var stats = JsonDocument.Parse(await http.GetStringAsync("/stats/grains"));
        return stats.RootElement.GetProperty("grainTypes").EnumerateArray()
            .Where(t => t.GetProperty("grainType").GetString() == grainType).Sum(t => t.GetProperty("activations").GetInt64());
    }

    /// <summary>When the conversation's timeline recorded <paramref name="kind"/> (e.g. sla-breached, rescued).</summary>
    public static async Task<IReadOnlyList<DateTimeOffset>> TimelineAtAsync(HttpClient http, string workspacePath, string admin, string conversation, string kind) =>
        (await ApiWorld.OkAsync(http, HttpMethod.Get, $"{workspacePath}/conversations/{conversation}/timeline", admin)).EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == kind).Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();

    /// <summary>Retries a request that failed while the cluster had not yet noticed the death (503, or a failed assertion on it).</summary>
    public static async Task Retried(Func<Task> request)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await request();
                return;
            }
            catch (Exception exception) when (exception is Xunit.Sdk.XunitException or HttpRequestException or TaskCanceledException &&
                                              deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(200);
            }
        }
    }
}
