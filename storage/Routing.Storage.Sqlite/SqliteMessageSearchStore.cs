using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Routing.Storage.Search;

namespace Routing.Storage.Sqlite;

/// <summary>
/// Message search on the SQLite database (schema version 5: FTS5, bm25, snippet()), on pooled read connections of its
/// own: in WAL mode a reader never waits for the grains' writer, and sees only committed transactions.
/// </summary>
public sealed class SqliteMessageSearchStore(SqliteGrainStorageOptions options) : IMessageSearchStore
{
    private readonly string _connectionString = options.SideConnectionString(SqliteOpenMode.ReadOnly);

    public async Task<IReadOnlyList<MessageSearchRow>> SearchAsync(MessageSearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Principals is { Count: 0 } || query.Count <= 0) return [];
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteSearchSql.Search(query.Principals?.Count);
        command.Parameters.AddWithValue("@ws", query.Workspace);
        command.Parameters.AddWithValue("@scope", "\"" + ScopeToken(query.Workspace) + "\"");
        command.Parameters.AddWithValue("@match", "(" + query.Text.Fts5Expression() + ")");
        command.Parameters.AddWithValue("@candidates", query.RankedCandidates);
        command.Parameters.AddWithValue("@offset", query.Offset);
        command.Parameters.AddWithValue("@max", query.Count);
        for (var i = 0; i < (query.Principals?.Count ?? 0); i++) command.Parameters.AddWithValue("@p" + i, query.Principals![i]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<MessageSearchRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            rows.Add(new MessageSearchRow(reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture), reader.GetString(5), -reader.GetDouble(6)));
        return rows;
    }

    /// <summary>The workspace as the scope column's one token: 'w' and the hex of its UTF-8 bytes, as the trigger writes it.</summary>
    private static string ScopeToken(string workspace) => "w" + Convert.ToHexString(Encoding.UTF8.GetBytes(workspace));
}
