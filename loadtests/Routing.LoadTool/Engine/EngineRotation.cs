namespace Routing.LoadTool.Engine;

/// <summary>
/// The silos of one cluster taken in turn, as a round-robin load balancer in front of them would: REST calls (through
/// <see cref="SpreadHandler"/>) and new sockets each go to the next one. Any silo answers for any workspace.
/// </summary>
public sealed class EngineRotation
{
    private readonly IReadOnlyList<Uri> _engines;
    private long _turns = -1;

    public EngineRotation(IReadOnlyList<Uri> engines)
    {
        if (engines.Count == 0) throw new ArgumentException("at least one engine", nameof(engines));
        _engines = engines;
    }

    public int Count => _engines.Count;

    public Uri Next() => _engines[(int)((ulong)Interlocked.Increment(ref _turns) % (ulong)_engines.Count)];
}
