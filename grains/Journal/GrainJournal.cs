using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Routing.Storage;

namespace Routing.Grains.Journal;

/// <summary>
/// A grain's append-only journal of changes beside a snapshot kept in its persistent state (event sourcing with
/// snapshots, as Orleans' JournaledGrain): a change costs one small row whatever the size of the state, and the grain
/// writes a snapshot once the journal outgrows it, then truncates what the snapshot covers. So a queue of 100k dialogs
/// is not rewritten on every enqueue, and a restart replays at most about one state's worth of changes.
/// </summary>
/// <remarks>Single writer: only the owning activation's turn touches it.</remarks>
public sealed class GrainJournal<TChange>(IDurableStore storage, GrainLogKey key, JsonTypeInfo<TChange> typeInfo)
{
    private const int ReadPage = 4096;

    /// <summary>
    /// The highest sequence issued (survives truncation, so a sequence is never reused); durable once its append completed.
    /// After a failed append it is ahead of storage, like the grain's memory: the grain must reload.
    /// </summary>
    public long LastSequence { get; private set; }

    /// <summary>Reads the changes after the snapshot's <paramref name="snapshotThrough"/>, in order; call once on activation.</summary>
    public async Task<IReadOnlyList<TChange>> RecoverAsync(long snapshotThrough, CancellationToken cancellationToken = default)
    {
        LastSequence = Math.Max(snapshotThrough, await storage.GetLastSequenceAsync(key, cancellationToken));
        var changes = new List<TChange>();
        for (var from = snapshotThrough + 1; from <= LastSequence;)
        {
            var page = await storage.ReadLogAsync(key, from, ReadPage, cancellationToken);
            if (page.Count == 0) break;
            foreach (var entry in page) changes.Add(JsonSerializer.Deserialize(entry.Payload, typeInfo)!);
            from = page[^1].Sequence + 1;
        }
        return changes;
    }

    /// <summary>
    /// Appends the changes as one durable write (all or none). Their sequences are taken when it is issued, so the grain
    /// may issue the next append before this one is durable (in a <see cref="WritePipeline"/>, which keeps them in order).
    /// </summary>
    public Task AppendAsync(params IReadOnlyList<TChange> changes)
    {
        if (changes.Count == 0) return Task.CompletedTask;
        var entries = new LogEntry[changes.Count];
        for (var i = 0; i < changes.Count; i++)
            entries[i] = new LogEntry(LastSequence + 1 + i, JsonSerializer.SerializeToUtf8Bytes(changes[i], typeInfo));
        LastSequence += changes.Count;
        return storage.AppendAsync(key, entries);
    }

    /// <summary>True when the journal since the snapshot is longer than the state it describes (and past a floor).</summary>
    public bool ShouldSnapshot(long snapshotThrough, int stateSize, int floor = 1024) =>
        LastSequence - snapshotThrough > Math.Max(floor, stateSize);

    /// <summary>Drops the rows a durable snapshot now covers.</summary>
    public Task TruncateAsync(long snapshotThrough) => storage.TruncateLogAsync(key, snapshotThrough);
}
