namespace Routing.Storage;

/// <summary>
/// A storage provider: state, logs and deadlines in one database, so the runtime has one data source per process.
/// SQLite (embedded default) and PostgreSQL (production) implement it and pass the same conformance suite.
/// </summary>
public interface IDurableStore : IGrainStateStore, IGrainLogStore, IDeadlineStore, IAsyncDisposable
{
    /// <summary>A short name for logs and health ("sqlite", "postgresql").</summary>
    string ProviderName { get; }

    /// <summary>Creates or migrates the schema. Idempotent; safe to call on every start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>True when the database answers a trivial query; for the health endpoint.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Until disposed, the writes of the grain (<paramref name="grainType"/>, <paramref name="grainKey"/>) commit in the
    /// order issued, each only if the one before it did, so they can be issued without awaiting each (see
    /// <see cref="WritePipeline"/>). Inside an open pipeline of the same grain it joins that one.
    /// </summary>
    /// <param name="continuing">
    /// A pipeline the grain keeps across its turns: the writes then also follow those issued through it in earlier scopes,
    /// which may still be in flight. Null for a pipeline of this scope only.
    /// </param>
    IDisposable PipelineWrites(string grainType, string grainKey, WritePipeline? continuing = null);
}
