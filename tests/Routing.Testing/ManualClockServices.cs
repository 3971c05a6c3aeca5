using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Testing;

public static class ManualClockServices
{
    /// <summary>
    /// The grains' time (their clock, grain timers and durable deadlines) on <paramref name="clock"/>, while Orleans' own
    /// loops (membership, directory, collection, watchdog) stay on real time: driven by a manual clock, they would spin.
    /// </summary>
    public static IServiceCollection UseManualClockForGrains(this IServiceCollection services, ManualTimeProvider clock)
    {
        services.AddSingleton<TimeProvider>(clock);
        services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        services.AddKeyedSingleton<TimeProvider>(DeadlineOptions.TimeProviderKey, clock);
        return services;
    }
}
