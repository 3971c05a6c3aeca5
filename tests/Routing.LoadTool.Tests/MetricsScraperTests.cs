using System.Net;
using Routing.LoadTool.Engine;
using Routing.LoadTool.Measures;

namespace Routing.LoadTool.Tests;

public sealed class MetricsScraperTests
{
    [Fact]
    public void A_json_endpoint_sums_the_named_property_at_any_depth()
    {
        const string grains = """
            {"grainTypes":[{"grainType":"department","activations":2,"methods":[{"method":"Enqueue","calls":10,"errors":1}]},
                           {"grainType":"operator","activations":5,"methods":[{"method":"TryReserve","calls":7,"errors":0}]}]}
            """;

        Assert.Equal(7, MetricsScraper.Sum(grains, "activations"));
        Assert.Equal(17, MetricsScraper.Sum(grains, "calls"));
        Assert.Null(MetricsScraper.Sum(grains, "p99"));
    }

    [Fact]
    public void A_prometheus_endpoint_sums_the_metric_over_its_labels()
    {
        const string metrics = """
            # HELP routing_assignments_total Dialogs assigned.
            # TYPE routing_assignments_total counter
            routing_assignments_total{department="support"} 12
            routing_assignments_total{department="sales"} 3.5
            routing_assignments_total_created 1700000000
            process_cpu_seconds_total 4.25
            """;

        Assert.Equal(15.5, MetricsScraper.Sum(metrics, "routing_assignments_total"));
        Assert.Equal(4.25, MetricsScraper.Sum(metrics, "process_cpu_seconds_total"));
        Assert.Null(MetricsScraper.Sum(metrics, "routing_queue_depth"));
    }

    [Fact]
    public async Task A_refused_scrape_is_a_probe_error_and_an_unanswered_one_a_probe_timeout()
    {
        var refused = new Uri("http://engine.test/metrics");
        var silent = new Uri("http://engine.test/stats/grains");
        using var http = new HttpClient(new Endpoints(refused)) { Timeout = TimeSpan.FromMilliseconds(50) };
        var stats = new RunStats(TimeSpan.Zero);

        await new MetricsScraper(http, [refused, silent], ["calls"]).SampleAsync(stats, CancellationToken.None);

        Assert.Equal(1, stats.GaugeValues[MetricsScraper.ProbeErrors]);
        Assert.Equal(1, stats.GaugeValues[MetricsScraper.ProbeTimeouts]);
        Assert.DoesNotContain("engine calls", stats.GaugeValues.Keys);
    }

    /// <summary>Answers 401 at <paramref name="refused"/>; anything else never answers.</summary>
    private sealed class Endpoints(Uri refused) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri == refused) return new HttpResponseMessage(HttpStatusCode.Unauthorized);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
