namespace Routing.LoadTool.Measures;

/// <summary>A sampled value (queue depth, open sockets, a scraped engine metric) at one second of the run.</summary>
public sealed record GaugeSecond(int Second, string Gauge, double Value);
