using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Routing.LoadTool.Measures;
using Routing.LoadTool.Scenarios;

namespace Routing.LoadTool.Engine;

/// <summary>
/// Scrapes the engine's own metrics endpoints during a run (GET /stats/grains, JSON; GET /metrics, OpenTelemetry in
/// Prometheus text): each named metric summed over the document becomes a gauge "engine NAME", and a few raw bodies
/// are kept for the JSON report. <paramref name="engineKey"/> (the bootstrap key, which /metrics asks for) goes only
/// to the engine's own origin, never to another scraped host.
/// </summary>
public sealed class MetricsScraper(HttpClient http, IReadOnlyList<Uri> urls, IReadOnlyList<string> summed, Uri? engine = null, string? engineKey = null)
    : IGaugeProbe
{
    public const string ProbeErrors = "probe errors";
    public const string ProbeTimeouts = "probe timeouts";
    private const int KeepEverySeconds = 10;

    private readonly ConcurrentQueue<ScrapeSnapshot> _snapshots = new();
    private int _samples;

    public IReadOnlyCollection<ScrapeSnapshot> Snapshots => _snapshots;

    public async Task SampleAsync(RunStats stats, CancellationToken cancellation)
    {
        var sample = _samples++;
        foreach (var url in urls)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (engineKey is not null && engine is not null && Uri.Compare(url, engine, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
                    request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", engineKey);
                using var response = await http.SendAsync(request, cancellation);
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadAsStringAsync(cancellation);
                foreach (var name in summed)
                    if (Sum(body, name) is { } value) stats.SetGauge($"engine {name}", value);
                if (sample % KeepEverySeconds == 0) _snapshots.Enqueue(new ScrapeSnapshot(sample, url.ToString(), body));
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                CountFailure(stats, error);
            }
        }
    }

    /// <summary>
    /// A probe that failed, kept out of the steps' errors (the probe's trouble, not the load's): an engine too busy to
    /// answer within the probe's timeout is something the run observed; a refusal or an unreadable answer is a broken probe.
    /// </summary>
    public static void CountFailure(RunStats stats, Exception error) =>
        stats.AddToGauge(ErrorKinds.Of(error) == ErrorKinds.Timeout ? ProbeTimeouts : ProbeErrors, 1);

    /// <summary>The metric's values added up: JSON properties of that name at any depth, or Prometheus lines of that name.</summary>
    public static double? Sum(string body, string name)
    {
        var trimmed = body.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            using var document = JsonDocument.Parse(body);
            double total = 0;
            var found = false;
            Visit(document.RootElement);
            return found ? total : null;

            void Visit(JsonElement element)
            {
                if (element.ValueKind == JsonValueKind.Object)
                    foreach (var property in element.EnumerateObject())
                    {
                        if (property.NameEquals(name) && property.Value.ValueKind == JsonValueKind.Number)
                        {
                            total += property.Value.GetDouble();
                            found = true;
                        }
                        else Visit(property.Value);
                    }
                else if (element.ValueKind == JsonValueKind.Array)
                    foreach (var item in element.EnumerateArray()) Visit(item);
            }
        }
        return PrometheusSum(body, name);
    }

    private static double? PrometheusSum(string body, string name)
    {
        double total = 0;
        var found = false;
        foreach (var line in body.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(name, StringComparison.Ordinal)) continue;
            var rest = line.AsSpan(name.Length);
            if (rest.Length == 0 || (rest[0] != ' ' && rest[0] != '{')) continue; // another metric with this prefix
            var value = line.TrimEnd().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // "name{labels} value [timestamp]": the value is the first field after the labels.
            var afterLabels = rest[0] == '{' ? line[(line.IndexOf('}') + 1)..].Trim().Split(' ')[0] : value[1];
            if (double.TryParse(afterLabels, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                total += number;
                found = true;
            }
        }
        return found ? total : null;
    }
}
