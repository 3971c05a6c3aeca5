using Microsoft.Extensions.DependencyInjection;

namespace Routing.Runtime.Tests;

/// <summary>Starts the shared <see cref="TestSilo"/> with this project's test grains.</summary>
internal static class RuntimeSilo
{
    public static Task<TestSilo> StartAsync(
        Action<IServiceCollection>? addStorage = null,
        Action<GrainRuntimeOptions>? configure = null,
        ManualTimeProvider? time = null) =>
        TestSilo.StartAsync(b => b.AddGrainsFromAssembly(typeof(RuntimeSilo).Assembly).AddStateJson(TestStateJsonContext.Default),
            addStorage, configure, time);
}
