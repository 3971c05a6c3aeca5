using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Routing.Silo.Tests;

/// <summary>Orleans' watchdog at start-up: no false "participant check thread has not completed" stall.</summary>
public sealed class WatchdogClockTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task A_check_that_reads_the_unset_timestamp_measures_from_the_silos_start_not_the_machines_boot()
    {
        var starting = Stopwatch.StartNew();
        await using var silo = await RunningSilo.StartAsync([$"--Storage:Sqlite:DatabasePath={_directory.File("routing.db")}"]);
        var clock = silo.Services.GetRequiredKeyedService<TimeProvider>(TimeProviderNames.Membership);

        // What the watchdog measures when its platform thread checks before Start stamped the component check (timestamp 0):
        // no longer than the silo has existed (a start that took long on a crowded machine included), not the machine's uptime.
        var measured = clock.GetElapsedTime(0);

        Assert.True(measured <= starting.Elapsed, $"a silo that started {starting.Elapsed} ago measured {measured} since timestamp 0 " +
                                                  $"(the machine is up {TimeSpan.FromMilliseconds(Environment.TickCount64)})");
        Assert.InRange(clock.GetUtcNow(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    public void Dispose() => _directory.Dispose();
}
