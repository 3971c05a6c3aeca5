using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Routing.Silo.Tests;

/// <summary>Orleans' watchdog at start-up: no false "participant check thread has not completed" stall.</summary>
public sealed class WatchdogClockTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task A_check_that_reads_the_unset_timestamp_measures_from_the_silos_start_not_the_machines_boot()
    {
        await using var silo = await RunningSilo.StartAsync([$"--Storage:Sqlite:DatabasePath={_directory.File("routing.db")}"]);
        var clock = silo.Services.GetRequiredKeyedService<TimeProvider>(TimeProviderNames.Membership);
        var stallThreshold = 2 * silo.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value.LocalHealthDegradationMonitoringPeriod;

        // What the watchdog measures when its platform thread checks before Start stamped the component check (timestamp 0).
        var measured = clock.GetElapsedTime(0);

        Assert.True(measured < stallThreshold, $"a silo started moments ago measured {measured} since timestamp 0 (stall threshold {stallThreshold})");
        Assert.InRange(clock.GetUtcNow(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    public void Dispose() => _directory.Dispose();
}
