using System.Data.Common;
using Microsoft.Data.Sqlite;
using Routing.Storage.Statistics;

namespace Routing.Storage.Sqlite;

/// <summary>
/// The statistics tables of the SQLite database (schema versions 4, 6, 7 and 8), on pooled connections of their own: a projection
/// commit is one IMMEDIATE transaction, which waits for the grains' writer like another process would (BusyTimeout).
/// </summary>
public sealed class SqliteStatisticsStore(SqliteGrainStorageOptions options) : SqlStatisticsStore
{
    private readonly string _connectionString = options.SideConnectionString(SqliteOpenMode.ReadWrite);

    protected override string ReadFeedSql => """
        SELECT 0, f.id, f.grain_type, f.grain_key, f.log_name, f.seq, COALESCE(f.payload, l.payload)
        FROM stats_feed f
        LEFT JOIN grain_log l ON l.grain_type = f.grain_type AND l.grain_key = f.grain_key AND l.log_name = f.log_name AND l.seq = f.seq
        WHERE f.id > @position
        ORDER BY f.id
        LIMIT @max;
        """;

    // One writer at a time: a committed row is in the feed at once.
    protected override string ReadHorizonSql => "SELECT 0;";

    protected override string HasSettledSql => "SELECT 1;";

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }
}
