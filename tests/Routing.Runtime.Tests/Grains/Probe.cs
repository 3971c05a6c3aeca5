using System.Collections.Concurrent;

namespace Routing.Runtime.Tests.Grains;

/// <summary>What test grains report about themselves, keyed by grain key (tests use unique keys, so parallel tests don't mix).</summary>
internal static class Probe
{
    public static readonly ConcurrentDictionary<string, int> Activations = new();
    public static readonly ConcurrentDictionary<string, int> Deactivations = new();
    public static readonly ConcurrentDictionary<string, DeactivationReason> LastDeactivationReason = new();

    public static readonly ConcurrentDictionary<string, int> Ticks = new();

    public static int TicksOf(string key) => Ticks.GetValueOrDefault(key);

    public static void Ticked(string key) => Ticks.AddOrUpdate(key, 1, (_, n) => n + 1);

    public static int ActivationsOf(string key) => Activations.GetValueOrDefault(key);

    public static int DeactivationsOf(string key) => Deactivations.GetValueOrDefault(key);

    public static void Activated(string key) => Activations.AddOrUpdate(key, 1, (_, n) => n + 1);

    public static void Deactivated(string key, DeactivationReason reason)
    {
        LastDeactivationReason[key] = reason;
        Deactivations.AddOrUpdate(key, 1, (_, n) => n + 1);
    }
}

/// <summary>Gates that a test opens by hand, so a grain can be held inside a request without sleeping.</summary>
internal static class Gates
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> All = new();

    public static Task WaitAsync(string gate) => Get(gate).Task;

    public static void Open(string gate) => Get(gate).TrySetResult();

    private static TaskCompletionSource Get(string gate) =>
        All.GetOrAdd(gate, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
