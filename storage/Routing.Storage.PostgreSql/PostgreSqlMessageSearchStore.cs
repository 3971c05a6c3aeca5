using Npgsql;
using NpgsqlTypes;
using Routing.Storage.Search;

namespace Routing.Storage.PostgreSql;

/// <summary>
/// Message search on the PostgreSQL schema (version 5: tsvector, GIN, websearch_to_tsquery, ts_rank, ts_headline), on
/// a data source of its own.
/// </summary>
public sealed class PostgreSqlMessageSearchStore : IMessageSearchStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgreSqlMessageSearchStore(PostgreSqlGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dataSource = options.SideDataSource("routing-search");
    }

    public async Task<IReadOnlyList<MessageSearchRow>> SearchAsync(MessageSearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Principals is { Count: 0 } || query.Count <= 0) return [];
        await using var command = _dataSource.CreateCommand(PostgreSqlSearchSql.Search);
        command.Parameters.Add(new NpgsqlParameter { Value = query.Workspace });
        command.Parameters.Add(new NpgsqlParameter { Value = query.Text.Raw });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.Principals?.ToArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = query.Count });
        command.Parameters.Add(new NpgsqlParameter { Value = query.Offset });
        command.Parameters.Add(new NpgsqlParameter { Value = query.RankedCandidates });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<MessageSearchRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            rows.Add(new MessageSearchRow(reader.GetString(0), reader.GetInt64(1), reader.GetInt16(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero), reader.GetString(5), reader.GetFloat(6)));
        return rows;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
