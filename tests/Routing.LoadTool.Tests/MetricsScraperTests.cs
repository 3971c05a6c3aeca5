using Routing.LoadTool.Engine;

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
}
