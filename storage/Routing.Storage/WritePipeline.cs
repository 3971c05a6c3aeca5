using System.Collections.Concurrent;

namespace Routing.Storage;

/// <summary>
/// Orders one grain's writes without waiting for each: while the grain's pipeline is open (see
/// <see cref="IDurableStore.PipelineWrites"/>), every write of that grain is queued behind the one issued before it and
/// commits only if that one commits (in the same transaction or a later one). A grain can so issue its deadline, log row
/// and state in one go and await them together: one group commit instead of one per write, and a crash still leaves a
/// prefix of what it issued, never a later write without an earlier one.
/// </summary>
/// <remarks>
/// Found by the grain's identity, not carried along the async flow: whatever code issues a write for the grain (its
/// storage provider, its deadlines) joins the pipeline, and writes of any other grain never do. One grain's writes are
/// issued by its one activation's turns, so a pipeline is never used by two threads at once. A grain that does not wait
/// for its writes inside its turns keeps one instance for the life of its activation and passes it to every scope, so
/// a turn's writes follow those of the turns before it (a new activation starts a new one: a failed write ends the old).
/// </remarks>
public sealed class WritePipeline
{
    private GroupCommitOperation? _last;

    /// <summary>
    /// Completes once every write completed; throws the first failure in the order given, which is the cause when the
    /// writes are a pipeline's (those after it were abandoned for it). Every task is observed, so none faults unseen.
    /// </summary>
    public static async Task WhenAll(params Task[] writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        try
        {
            await Task.WhenAll(writes).ConfigureAwait(false);
        }
        catch
        {
            foreach (var write in writes)
                if (!write.IsCompletedSuccessfully) await write.ConfigureAwait(false); // rethrows its own exception
            throw;
        }
    }

    /// <summary>The open pipelines of one store, by grain.</summary>
    internal sealed class Registry
    {
        private readonly ConcurrentDictionary<(string GrainType, string GrainKey), WritePipeline> _open = new();

        /// <summary>
        /// Opens the grain's pipeline (<paramref name="continuing"/>, else a new one) until disposed; inside an open one it
        /// joins it, so nested scopes keep one order.
        /// </summary>
        public IDisposable Begin(string grainType, string grainKey, WritePipeline? continuing = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(grainType);
            ArgumentException.ThrowIfNullOrEmpty(grainKey);
            var grain = (grainType, grainKey);
            var pipeline = continuing ?? new WritePipeline();
            return _open.TryAdd(grain, pipeline) ? new Scope(this, grain, pipeline) : NothingToEnd.Instance;
        }

        /// <summary>Links a write about to be queued behind the last one of its grain, while that grain's pipeline is open.</summary>
        public void Link(GroupCommitOperation operation)
        {
            // TryGetValue reads without locking; IsEmpty would take every lock of the dictionary on each write.
            if (operation.Grain is not { } grain || !_open.TryGetValue(grain, out var pipeline)) return;
            operation.Prerequisite = pipeline._last;
            pipeline._last = operation;
        }

        private sealed class Scope(Registry registry, (string, string) grain, WritePipeline pipeline) : IDisposable
        {
            private int _disposed;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _disposed, 1) == 0) registry._open.TryRemove(new KeyValuePair<(string, string), WritePipeline>(grain, pipeline));
            }
        }
    }

    private sealed class NothingToEnd : IDisposable
    {
        public static readonly NothingToEnd Instance = new();

        public void Dispose()
        {
        }
    }
}
