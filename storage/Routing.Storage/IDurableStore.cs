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
}
