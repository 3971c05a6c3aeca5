using Routing.Storage;

namespace Routing.Grains.Tests.CrashCuts;

/// <summary>The process died: what a caller of the storage sees after the cut (it never hears back).</summary>
public sealed class SiloCrashedException() : Exception("the silo crashed at a cut point");

/// <summary>
/// A storage provider that dies like the process would, right after its k-th durable write: that write is committed
/// but its caller is not told, and nothing after it reaches the database. Counts every write (state write or clear,
/// log append or truncation, deadline upsert or delete) from <see cref="Arm"/> on, in the order callers issue them.
/// </summary>
internal sealed class CuttingStorage(IDurableStore inner) : IDurableStore
{
    private readonly object _gate = new();
    private int _writes;
    private int? _cutAt;
    private bool _armed;

    /// <summary>Writes counted since <see cref="Arm"/>.</summary>
    public int Writes
    {
        get { lock (_gate) return _writes; }
    }

    /// <summary>True once the cut write committed: from then on nothing reaches the database.</summary>
    public bool Crashed { get; private set; }

    /// <summary>Starts counting; with <paramref name="cutAt"/>, dies right after that write (1-based).</summary>
    public void Arm(int? cutAt)
    {
        lock (_gate)
        {
            _writes = 0;
            Log.Clear();
            _cutAt = cutAt;
            _armed = true;
        }
    }

    public string ProviderName => inner.ProviderName;

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task<bool> PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);

    public IDisposable PipelineWrites(string grainType, string grainKey, WritePipeline? continuing = null) =>
        inner.PipelineWrites(grainType, grainKey, continuing);

    public Task<StoredState?> ReadStateAsync(GrainStateKey key, CancellationToken cancellationToken = default) =>
        Read(() => inner.ReadStateAsync(key, cancellationToken));

    public Task<long> WriteStateAsync(GrainStateKey key, ReadOnlyMemory<byte> payload, long? expectedVersion, CancellationToken cancellationToken = default) =>
        Write($"state {key}", () => inner.WriteStateAsync(key, payload, expectedVersion, cancellationToken));

    public Task<long> ClearStateAsync(GrainStateKey key, long? expectedVersion, CancellationToken cancellationToken = default) =>
        Write($"clear {key}", () => inner.ClearStateAsync(key, expectedVersion, cancellationToken));

    public Task AppendAsync(GrainLogKey key, IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken = default) =>
        Write($"append {key}", async () => { await inner.AppendAsync(key, entries, cancellationToken); return 0; });

    public Task<IReadOnlyList<LogEntry>> ReadLogAsync(GrainLogKey key, long fromSequence, int maxCount, CancellationToken cancellationToken = default) =>
        Read(() => inner.ReadLogAsync(key, fromSequence, maxCount, cancellationToken));

    public Task<long> GetLastSequenceAsync(GrainLogKey key, CancellationToken cancellationToken = default) =>
        Read(() => inner.GetLastSequenceAsync(key, cancellationToken));

    public Task TruncateLogAsync(GrainLogKey key, long throughSequence, CancellationToken cancellationToken = default) =>
        Write($"truncate {key}", async () => { await inner.TruncateLogAsync(key, throughSequence, cancellationToken); return 0; });

    public Task UpsertDeadlineAsync(DeadlineRecord deadline, (string GrainType, string GrainKey)? writer = null, CancellationToken cancellationToken = default) =>
        Write($"deadline {deadline.GrainKey} {deadline.Name} at {deadline.DueAt:HH:mm:ss}", async () => { await inner.UpsertDeadlineAsync(deadline, writer, cancellationToken); return 0; });

    public Task<bool> DeleteDeadlineAsync(string grainType, string grainKey, string name, Guid token, CancellationToken cancellationToken = default) =>
        Write($"deadline {grainKey} {name} done", () => inner.DeleteDeadlineAsync(grainType, grainKey, name, token, cancellationToken));

    public Task DeleteDeadlineAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default) =>
        Write($"deadline {grainKey} {name} cancelled", async () => { await inner.DeleteDeadlineAsync(grainType, grainKey, name, cancellationToken); return 0; });

    public Task<IReadOnlyList<DeadlineRecord>> ReadDueDeadlinesAsync(DateTimeOffset until, int maxCount, CancellationToken cancellationToken = default) =>
        Read(() => inner.ReadDueDeadlinesAsync(until, maxCount, cancellationToken));

    public Task<IReadOnlyList<DeadlineRecord>> ReadDueDeadlinesAsync(
        IReadOnlyList<GrainHashRange> ranges, DateTimeOffset until, int maxCount, CancellationToken cancellationToken = default) =>
        Read(() => inner.ReadDueDeadlinesAsync(ranges, until, maxCount, cancellationToken));

    public Task<int> FillMissingDeadlineHashesAsync(Func<string, string, uint> hashOf, CancellationToken cancellationToken = default) =>
        Write("deadline hashes", () => inner.FillMissingDeadlineHashesAsync(hashOf, cancellationToken));

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private Task<T> Read<T>(Func<Task<T>> read) => Crashed ? Task.FromException<T>(new SiloCrashedException()) : read();

    /// <summary>What each counted write was, in order: names the cut in a failure.</summary>
    public List<string> Log { get; } = [];

    private async Task<T> Write<T>(string what, Func<Task<T>> write)
    {
        bool cut;
        lock (_gate)
        {
            if (Crashed) throw new SiloCrashedException();
            var index = _armed ? ++_writes : 0;
            if (_armed) Log.Add(what);
            if (_cutAt is { } at && index > at) throw new SiloCrashedException(); // issued after the cut write: never reaches the disk
            cut = index == _cutAt;
        }
        var result = await write();
        if (!cut) return result;
        Crashed = true;
        throw new SiloCrashedException(); // committed, but the process died before its caller heard back
    }
}
