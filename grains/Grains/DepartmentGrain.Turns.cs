using Routing.GrainInterfaces.Events;
using Routing.Storage;

namespace Routing.Grains.Grains;

/// <summary>
/// Turns. The grain is reentrant so that a caller waiting for its rows to become durable does not hold the department
/// up. Each mutating call decides in a turn (<see cref="InTurn{T}"/>: one at a time, as in a non-reentrant grain; the
/// queue and the index change only there), issues its journal rows into the activation's write pipeline, leaves the
/// turn, and only then waits for its rows. The pipeline commits rows in order, each only if the one before it did, so
/// the next turns issue theirs meanwhile and one group commit takes the rows of many turns. Reads take a turn too
/// (a short one), so they never see a decision half made.
/// </summary>
public sealed partial class DepartmentGrain
{
    private const string GrainTypeName = "department";

    private readonly SemaphoreSlim _turn = new(1, 1);
    // One pipeline for the activation's life: a row follows every row issued before it, in this turn or an earlier one.
    private readonly WritePipeline _writes = new();
    // Rows issued in the current turn that its caller hears of only once they are durable.
    private readonly List<Task> _issuedInTurn = [];
    // The last write issued: durable means every write before it is (Flush waits for it).
    private Task _lastWrite = Task.CompletedTask;
    // Events waiting for the rows issued before them, in the order announced.
    private readonly Queue<(Task Written, IGrainEventPayload Payload, string Topic)> _announcements = new();

    /// <summary>Runs <paramref name="decide"/> as this department's turn, then waits outside it for the rows it left in flight.</summary>
    private async Task<T> InTurn<T>(Func<Task<T>> decide)
    {
        await _turn.WaitAsync();
        T result;
        Task written;
        try
        {
            result = await decide();
            written = TakeIssuedInTurn(); // before the turn is released: the next turn's rows are not this caller's
        }
        catch
        {
            // A failed turn's rows still commit or fail in order (a failure deactivates); its caller hears its own error.
            _ = TakeIssuedInTurn().ContinueWith(static t => t.Exception, TaskScheduler.Default);
            throw;
        }
        finally
        {
            _turn.Release();
        }
        try
        {
            await written;
        }
        finally
        {
            PublishDurable();
        }
        return result;
    }

    /// <summary>A read: after the turns queued before it, so it sees what the last one decided (its rows may still be committing).</summary>
    private Task<T> Read<T>(Func<T> read) => InTurn(() => Task.FromResult(read()));

    private Task InTurn(Func<Task> decide) => InTurn(async () =>
    {
        await decide();
        return true;
    });

    /// <summary>
    /// Awaits another grain's answer without holding the turn (other calls decide meanwhile), then takes the turn back.
    /// Only for flows that hold nothing across it: a new dialog being reserved is in no queue, so no other call can take it.
    /// The rows this turn issued before stay its caller's to wait for.
    /// </summary>
    private async Task<T> OutsideTurn<T>(Func<Task<T>> call)
    {
        var issued = _issuedInTurn.ToArray();
        _issuedInTurn.Clear();
        _turn.Release();
        try
        {
            return await call();
        }
        finally
        {
            await _turn.WaitAsync();
            _issuedInTurn.AddRange(issued);
        }
    }

    private Task TakeIssuedInTurn()
    {
        if (_issuedInTurn.Count == 0) return Task.CompletedTask;
        var written = WritePipeline.WhenAll([.. _issuedInTurn]);
        _issuedInTurn.Clear();
        return written;
    }

    /// <summary>Issues a write (a journal row, the snapshot) after every write issued before it; it becomes the last write.</summary>
    private Task Pipelined(Func<Task> write)
    {
        Task issued;
        using (storage.PipelineWrites(GrainTypeName, GetPrimaryKeyString(), _writes)) issued = write();
        return _lastWrite = DeactivateOnFailure(issued);
    }

    /// <summary>
    /// Publishes once every row issued so far is durable, and in the order announced, so nobody is shown a change a crash
    /// could still take back (and a later queue length never arrives before an earlier one).
    /// </summary>
    private void Announce(IGrainEventPayload payload, string topic)
    {
        _announcements.Enqueue((_lastWrite, payload, topic));
        PublishDurable();
    }

    private void PublishDurable()
    {
        while (_announcements.TryPeek(out var next) && next.Written.IsCompleted)
        {
            _announcements.Dequeue();
            if (next.Written.IsCompletedSuccessfully) PublishEvent(next.Payload, next.Topic); // a failed row's events are dropped
        }
    }
}
