using System.Diagnostics;
using System.Runtime;

namespace Routing.LoadTests.Memory;

/// <summary>Live managed bytes after a full compacting GC, with the GC's and the OS's view for comparison.</summary>
public sealed record HeapSnapshot(long LiveBytes, long HeapSizeBytes, long WorkingSetBytes)
{
    public static HeapSnapshot Take()
    {
        // Compact the large object heap too, or the directory's big bucket arrays would leave holes counted as heap size.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var live = GC.GetTotalMemory(forceFullCollection: true);
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        using var process = Process.GetCurrentProcess();
        return new HeapSnapshot(live, info.HeapSizeBytes, process.WorkingSet64);
    }
}
