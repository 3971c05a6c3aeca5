using System.Diagnostics.Metrics;
using Routing.Runtime.Metrics;
using Routing.Runtime.Tests.Grains;

namespace Routing.Runtime.Tests;

public sealed class MetricsTests
{
    [Fact]
    public async Task Calls_errors_latency_and_activations_are_counted_per_grain_type_and_method()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var grain = silo.Factory.GetGrain<IFaultyGrain>("acme/" + Guid.NewGuid());
        var before = Method(silo.Runtime.Metrics.Snapshot(), "faulty", "Ok");
        for (var i = 0; i < 5; i++) await grain.Ok();
        for (var i = 0; i < 2; i++) await Assert.ThrowsAsync<OperatorUnavailableException>(() => grain.ThrowAfterAwait("x"));

        var snapshot = silo.Runtime.Metrics.Snapshot();
        var ok = Method(snapshot, "faulty", "Ok")!;
        var failing = Method(snapshot, "faulty", "ThrowAfterAwait")!;
        Assert.Equal((before?.Calls ?? 0) + 5, ok.Calls);
        Assert.Equal(0, ok.Errors - (before?.Errors ?? 0));
        Assert.True(failing.Errors >= 2 && failing.Calls >= failing.Errors);
        Assert.True(ok.P50Micros <= ok.P99Micros && ok.P99Micros <= Math.Max(ok.MaxMicros, ok.P99Micros));
        Assert.True(snapshot.GrainTypes.Single(t => t.GrainType == "faulty").Activations >= 1);
    }

    [Fact]
    public async Task Calls_are_published_as_System_Diagnostics_Metrics_instruments()
    {
        var measured = new List<(string Instrument, long Value, string? Method)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GrainRuntimeMetrics.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? method = null;
            foreach (var tag in tags) if (tag.Key == "grain.method") method = tag.Value as string;
            lock (measured) measured.Add((instrument.Name, value, method));
        });
        listener.Start();

        await using var silo = await RuntimeSilo.StartAsync();
        await silo.Factory.GetGrain<ICounterGrain>("acme/" + Guid.NewGuid()).IncrementValueTask();
        listener.RecordObservableInstruments();

        lock (measured)
        {
            Assert.Contains(measured, m => m.Instrument == "routing.grain.calls" && m.Method == nameof(ICounterGrain.IncrementValueTask));
            Assert.Contains(measured, m => m.Instrument == "routing.grain.activations" && m.Value >= 1);
        }
    }

    private static GrainMethodStatistics? Method(RuntimeStatisticsSnapshot snapshot, string type, string method) =>
        snapshot.GrainTypes.SingleOrDefault(t => t.GrainType == type)?.Methods.SingleOrDefault(m => m.Method == method);
}
