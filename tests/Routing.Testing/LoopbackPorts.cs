using Orleans.TestingHost;

namespace Routing.Testing;

/// <summary>Free loopback ports for silos of tests that run side by side (Orleans' own allocator reserves them per process).</summary>
public static class LoopbackPorts
{
    private static readonly TestClusterPortAllocator Allocator = new();

    public static int NextSiloPort() => Allocator.AllocateConsecutivePortPairs(1).Item1;
}
