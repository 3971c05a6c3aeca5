using Routing.LoadTests.Memory;

namespace Routing.LoadTests.Realtime;

/// <summary>
/// What connecting the sockets cost the process: live managed bytes after a full compacting GC, and RSS. Server and
/// clients share the process, so it counts both ends of every loopback connection: an upper bound for the server.
/// </summary>
public sealed record MemoryDelta(long ManagedBytes, long RssBytes)
{
    public static MemoryDelta Between(HeapSnapshot before, HeapSnapshot after) =>
        new(after.LiveBytes - before.LiveBytes, after.WorkingSetBytes - before.WorkingSetBytes);
}
