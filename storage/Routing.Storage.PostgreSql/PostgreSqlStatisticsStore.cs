using System.Data.Common;
using Npgsql;
using Routing.Storage.Statistics;

namespace Routing.Storage.PostgreSql;

/// <summary>
/// The statistics tables of the PostgreSQL schema (versions 4, 7, 8 and 9), on a data source of their own. The feed is read in
/// (writer transaction, id) order below the oldest transaction still running (see the migration), so concurrent silos'
/// appends are never passed over.
/// </summary>
public sealed class PostgreSqlStatisticsStore : SqlStatisticsStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgreSqlStatisticsStore(PostgreSqlGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dataSource = options.SideDataSource("routing-statistics");
    }

    protected override string ReadFeedSql => """
        SELECT f.tx::text::bigint, f.id, f.grain_type, f.grain_key, f.log_name, f.seq, COALESCE(f.payload, l.payload)
        FROM stats_feed f
        LEFT JOIN grain_log l ON l.grain_type = f.grain_type AND l.grain_key = f.grain_key AND l.log_name = f.log_name AND l.seq = f.seq
        WHERE (f.tx, f.id) > (@tx::text::xid8, @position) AND f.tx < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY f.tx, f.id
        LIMIT @max;
        """;

    // The first transaction id not yet given out; settled once the oldest running transaction is at or past it.
    protected override string ReadHorizonSql => "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint;";

    protected override string HasSettledSql => "SELECT pg_snapshot_xmin(pg_current_snapshot()) >= @horizon::text::xid8;";

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
