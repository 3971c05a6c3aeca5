using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Testing;

public static class FakeClockServices
{
    /// <summary>
    /// The grains' time (their clock, grain timers and durable deadlines) on <paramref name="clock"/>, while Orleans' own
    /// loops (membership, directory, collection, watchdog) stay on real time: driven by a fake clock, they would spin.
    /// This is the recipe of Orleans' own FakeTimeSilo, with the deadlines opted in by their key.
    /// </summary>
    public static IServiceCollection UseFakeClockForGrains(this IServiceCollection services, FakeTimeProvider clock)
    {
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
        services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        services.AddKeyedSingleton<TimeProvider>(DeadlineOptions.TimeProviderKey, clock);
        return services;
    }
}
