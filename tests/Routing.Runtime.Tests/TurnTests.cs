using Routing.Runtime.Tests.Grains;

namespace Routing.Runtime.Tests;

public sealed class TurnTests
{
    [Fact]
    public async Task Requests_of_a_non_reentrant_grain_never_overlap_even_across_awaits()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var grain = silo.Factory.GetGrain<ITurnProbeGrain>("acme/" + Guid.NewGuid());

        var calls = Enumerable.Range(0, 400).Select(_ => Task.Run(() => grain.Write(yields: 3)));
        await Eventually.Within(Task.WhenAll(calls));

        var report = await grain.Report();
        Assert.Equal(400, report.Writes);
        Assert.Equal(1, report.MaxWritesAtOnce);
        Assert.Equal(1, report.MaxTurnsAtOnce);
    }

    [Fact]
    public async Task Read_only_requests_interleave_with_each_other_but_turns_still_run_one_at_a_time()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var grain = silo.Factory.GetGrain<ITurnProbeGrain>("acme/" + Guid.NewGuid());

        var calls = Enumerable.Range(0, 400).Select(i => Task.Run(() => i % 10 == 0 ? grain.Write(3) : grain.Read(5)));
        await Eventually.Within(Task.WhenAll(calls));

        var report = await grain.Report();
        Assert.Equal(40, report.Writes);
        Assert.Equal(360, report.Reads);
        Assert.Equal(1, report.MaxTurnsAtOnce);   // never two turns at once
        Assert.Equal(1, report.MaxWritesAtOnce);
        // That readers do run together is shown deterministically (with gates) by the next test; how often they
        // overlap here depends on the thread pool, so it is not asserted.
    }

    [Fact]
    public async Task A_writer_waits_for_running_readers_and_readers_behind_it_wait_for_the_writer()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var grain = silo.Factory.GetGrain<IGateGrain>("acme/" + Guid.NewGuid());
        var readersGate = Guid.NewGuid().ToString();

        var readers = new[] { grain.ReadUntil(readersGate), grain.ReadUntil(readersGate) };
        await Eventually.True(() => grain.EnteredCount().Result == 2, "both readers entered together");

        var write = grain.Write();
        Assert.False(write.IsCompleted); // a writer never runs beside readers
        Gates.Open(readersGate);
        await Eventually.Within(Task.WhenAll(readers));
        Assert.Equal(1, await Eventually.Within(write));
    }

    [Fact]
    public async Task A_non_reentrant_grain_queues_a_second_request_until_the_first_completes()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var grain = silo.Factory.GetGrain<IGateGrain>("acme/" + Guid.NewGuid());
        var gate = Guid.NewGuid().ToString();

        var first = grain.WriteUntil(gate);
        var second = grain.WriteUntil(gate);
        var count = grain.EnteredCount(); // read-only, but a writer holds the grain and FIFO keeps it behind the second
        Assert.False(count.IsCompleted);

        Gates.Open(gate);
        await Eventually.Within(Task.WhenAll(first, second));
        Assert.Equal(2, await count);
    }

    [Fact]
    public async Task A_reentrant_grain_interleaves_requests_at_their_awaits()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var grain = silo.Factory.GetGrain<IReentrantGateGrain>("acme/" + Guid.NewGuid());
        var gate = Guid.NewGuid().ToString();

        var held = Enumerable.Range(0, 3).Select(_ => grain.WriteUntil(gate)).ToArray();
        await Eventually.True(() => grain.EnteredCount().Result == 3, "all three entered while the others awaited");
        Gates.Open(gate);
        await Eventually.Within(Task.WhenAll(held));
    }
}
