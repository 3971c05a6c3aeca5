using Orleans.Concurrency;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Grains.Journal;

/// <summary>A grain state that is the snapshot of a journal: it records the last journal row it includes.</summary>
public interface IJournalSnapshot
{
    long JournalThrough { get; set; }
}

/// <summary>
/// A <see cref="GrainJournal{TChange}"/> whose snapshot is the grain's persistent state: a change is one appended row;
/// the state is written (then the rows it covers dropped) only once the journal outgrows it, or when the grain saves for
/// another reason. Apply a change to the state before appending it, so a snapshot taken by the append includes it.
/// </summary>
public sealed class SnapshotJournal<TState, TChange>(IPersistentState<TState> state, GrainJournal<TChange> journal, Action dropActivation)
    where TState : IJournalSnapshot, new()
{
    /// <summary>The changes after the snapshot, to apply on activation.</summary>
    public Task<IReadOnlyList<TChange>> RecoverAsync(CancellationToken cancellationToken) =>
        journal.RecoverAsync(state.State.JournalThrough, cancellationToken);

    /// <summary>
    /// Appends a change already applied to the state (durable before it returns). A failed append drops the activation:
    /// the row may or may not be stored, and memory is ahead of storage, so the next call must reload.
    /// </summary>
    public async Task AppendAsync(TChange change, int stateSize, int floor = 1024)
    {
        try
        {
            await journal.AppendAsync(change);
        }
        catch
        {
            dropActivation();
            throw;
        }
        if (journal.ShouldSnapshot(state.State.JournalThrough, stateSize, floor)) await SaveAsync();
    }

    /// <summary>Writes the whole state as the snapshot of every row so far, then drops those rows.</summary>
    public async Task SaveAsync()
    {
        state.State.JournalThrough = journal.LastSequence;
        await state.WriteStateAsync();
        await journal.TruncateAsync(state.State.JournalThrough);
    }
}
