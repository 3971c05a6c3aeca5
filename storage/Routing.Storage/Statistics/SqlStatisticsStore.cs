using System.Data.Common;

namespace Routing.Storage.Statistics;

/// <summary>
/// <see cref="IStatisticsStore"/> over ADO.NET, shared by SQLite and PostgreSQL: the providers give a connection and
/// their feed query (<see cref="ReadFeedSql"/>); everything else is the same SQL (<see cref="StatsSql"/>). It writes on
/// its own connections, outside the grains' group commit: the projection is a reader of the logs, not a grain write.
/// </summary>
public abstract class SqlStatisticsStore : IStatisticsStore
{
    // Rows per statement: a few hundred parameters each. More saves little, and SQLite finds a named parameter's
    // index by a linear search of the statement's names, so binding n of them costs n squared.
    private const int KeysPerQuery = 50;
    private const int BucketsPerStatement = 16;
    private const int SourcesPerQuery = 200;
    private const int RatingsPerStatement = 50;
    private const int MinutesPerStatement = 50;

    /// <summary>An open connection to the store's database.</summary>
    protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Selects tx, position, grain_type, grain_key, log_name, seq, payload of the committed feed rows after
    /// (@tx, @position), in order, at most @max.
    /// </summary>
    protected abstract string ReadFeedSql { get; }

    /// <summary>Selects the horizon (<see cref="IStatisticsStore.ReadHorizonAsync"/>) as a bigint.</summary>
    protected abstract string ReadHorizonSql { get; }

    /// <summary>Selects whether the writes begun before @horizon have all ended, as a boolean or 0/1.</summary>
    protected abstract string HasSettledSql { get; }

    public async Task<StatsCheckpoint> ReadCheckpointAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadCheckpointAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StatsFeedEntry>> ReadFeedAsync(StatsCheckpoint after, int maxCount, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, ReadFeedSql, ("tx", after.Transaction), ("position", after.Position), ("max", maxCount));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<StatsFeedEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            entries.Add(new StatsFeedEntry(Convert.ToInt64(reader.GetValue(0)), reader.GetInt64(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetInt64(5), reader.IsDBNull(6) ? null : (byte[])reader.GetValue(6)));
        return entries;
    }

    public async Task<long> ReadHorizonAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, ReadHorizonSql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
    }

    public async Task<bool> HasSettledAsync(long horizon, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, HasSettledSql, ("horizon", horizon));
        return Convert.ToBoolean(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<StatsBucket>> ReadBucketsAsync(IReadOnlyCollection<StatsBucketKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var buckets = new List<StatsBucket>(keys.Count);
        foreach (var table in keys.GroupBy(StatsGrains.TableOf))
        foreach (var chunk in table.Chunk(KeysPerQuery))
        {
            var allOperators = chunk[0].AllOperators;
            await using var command = Command(connection, null, StatsSql.ReadBuckets(table.Key, chunk.Length));
            AddRows(command, "k", chunk.Select(KeyValues));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var bucket = StatsBucket.Empty(new StatsBucketKey(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.GetString(4), reader.GetString(5)) { AllOperators = allOperators });
                var first = StatsSql.KeyWidth;
                for (var i = 0; i < bucket.Counters.Length; i++) bucket.Counters[i] = Convert.ToInt64(reader.GetValue(first + i));
                first += bucket.Counters.Length;
                for (var i = 0; i < bucket.Histograms.Length; i++) bucket.Histograms[i] = reader.IsDBNull(first + i) ? null : (byte[])reader.GetValue(first + i);
                buckets.Add(bucket);
            }
        }
        return buckets;
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> ReadSourceStatesAsync(IReadOnlyCollection<string> sources, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var states = new Dictionary<string, byte[]>();
        foreach (var chunk in sources.Chunk(SourcesPerQuery))
        {
            await using var command = Command(connection, null, StatsSql.ReadSources(chunk.Length));
            AddRows(command, "s", chunk.Select(source => new object?[] { source }));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) states[reader.GetString(0)] = (byte[])reader.GetValue(1);
        }
        return states;
    }

    public async Task<bool> CommitAsync(StatsBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // The checkpoint first: a projector that lost the race stops before writing anything.
        await using (var advance = Command(connection, transaction, StatsSql.AdvanceCheckpoint,
            ("next_tx", batch.Next.Transaction), ("next_position", batch.Next.Position), ("generation", batch.Expected.Generation),
            ("tx", batch.Expected.Transaction), ("position", batch.Expected.Position)))
        {
            if (await advance.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1) return false;
        }
        // Many rows per statement: a batch's writes are a few statements, not one round trip and one parse per row.
        foreach (var table in batch.Buckets.GroupBy(b => StatsGrains.TableOf(b.Key)))
            await WriteRowsAsync(connection, transaction, "b", table.Select(BucketValues).ToList(), BucketsPerStatement,
                count => StatsSql.UpsertBuckets(table.Key, count), cancellationToken).ConfigureAwait(false);
        await WriteRowsAsync(connection, transaction, "s", batch.SourceStates.Select(p => new object?[] { p.Key, p.Value }).ToList(), SourcesPerQuery,
            StatsSql.UpsertSources, cancellationToken).ConfigureAwait(false);
        await WriteRowsAsync(connection, transaction, "r", batch.Ratings.Select(rating => new object?[]
            {
                rating.Workspace, rating.ConversationId, rating.Hour, rating.Department, rating.Operator, (long)rating.Score, (long)rating.Scale,
                StorageTime.ToUnixMicroseconds(rating.RatedAt),
            }).ToList(), RatingsPerStatement, StatsSql.InsertRatings, cancellationToken).ConfigureAwait(false);
        await WriteRowsAsync(connection, transaction, "m", batch.Minutes.Select(m => new object?[]
            {
                m.Workspace, m.Department, StorageTime.ToUnixMicroseconds(m.Minute), m.Arrivals, m.Answered, m.Abandoned, m.SlaMeasured, m.SlaMet,
            }).ToList(), MinutesPerStatement, StatsSql.AddMinutes, cancellationToken).ConfigureAwait(false);
        if (batch.KeepMinutesFrom is { } keepFrom)
            await ExecuteAsync(connection, transaction, StatsSql.PruneMinutes, [("keep_from", StorageTime.ToUnixMicroseconds(keepFrom))], cancellationToken)
                .ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<StatsMinute>> ReadMinutesAsync(string workspace, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, StatsSql.ReadMinutes, ("workspace", workspace),
            ("from", StorageTime.ToUnixMicroseconds(from)), ("to", StorageTime.ToUnixMicroseconds(to)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var minutes = new List<StatsMinute>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            minutes.Add(new StatsMinute(workspace, reader.GetString(0), StorageTime.FromUnixMicroseconds(reader.GetInt64(1)), reader.GetInt64(2),
                reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)));
        return minutes;
    }

    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, StatsSql.Reset, [], cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StatsGroupRow>> QueryAsync(StatsQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parts = StatsPeriodPlan.Split(query.FromHour, query.ToHour, query.CoarsestReadable);
        var parameters = QueryParameters(query, parts);
        var groupCount = query.GroupBy.Count;
        var rows = new Dictionary<string, StatsGroupRow>();
        var order = new List<StatsGroupRow>();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var sums = Command(connection, null, StatsSql.SumQuery(query, parts), parameters))
        await using (var reader = await sums.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var group = ReadGroup(reader, groupCount);
                var counters = new long[StatsColumns.Counters.Count];
                for (var i = 0; i < counters.Length; i++) counters[i] = Convert.ToInt64(reader.GetValue(groupCount + i));
                var histograms = Enumerable.Range(0, StatsColumns.Histograms.Count).Select(_ => (IReadOnlyList<byte[]>)new List<byte[]>()).ToArray();
                var row = new StatsGroupRow(group, counters, histograms);
                rows[GroupKey(group)] = row;
                order.Add(row);
            }
        }
        await using (var histogramsCommand = Command(connection, null, StatsSql.HistogramQuery(query, parts), parameters))
        await using (var reader = await histogramsCommand.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!rows.TryGetValue(GroupKey(ReadGroup(reader, groupCount)), out var row)) continue;
                for (var i = 0; i < row.Histograms.Length; i++)
                    if (!reader.IsDBNull(groupCount + i)) ((List<byte[]>)row.Histograms[i]).Add((byte[])reader.GetValue(groupCount + i));
            }
        }
        return order;
    }

    public async Task<IReadOnlyList<StatsRating>> LowRatingsAsync(StatsRatingQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var (from, to) = query.Instants is { } instants
            ? ((object)StorageTime.ToUnixMicroseconds(instants.From), (object)StorageTime.ToUnixMicroseconds(instants.To))
            : (query.FromHour, query.ToHour);
        await using var command = Command(connection, null, StatsSql.LowRatings(query.Instants is not null), ("workspace", query.Workspace), ("from", from),
            ("to", to), ("max_score", (long)query.MaxScore), ("limit", (long)query.Limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ratings = new List<StatsRating>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            ratings.Add(new StatsRating(query.Workspace, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                (int)reader.GetInt64(4), (int)reader.GetInt64(5), StorageTime.FromUnixMicroseconds(reader.GetInt64(6))));
        return ratings;
    }

    private static async Task<StatsCheckpoint> ReadCheckpointAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, StatsSql.ReadCheckpoint);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) throw new InvalidOperationException("the statistics checkpoint row is missing");
        return new StatsCheckpoint(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private static string[] ReadGroup(DbDataReader reader, int count)
    {
        var group = new string[count];
        for (var i = 0; i < count; i++) group[i] = reader.GetString(i);
        return group;
    }

    private static string GroupKey(IReadOnlyList<string> group) => string.Join('\u001f', group);

    private static object?[] KeyValues(StatsBucketKey key) => [key.Workspace, key.Hour, key.Department, key.Operator, key.Channel, key.Topic];

    private static object?[] BucketValues(StatsBucket bucket) =>
        [.. KeyValues(bucket.Key), .. bucket.Counters.Select(c => (object?)c), .. bucket.Histograms];

    private static (string, object?)[] QueryParameters(StatsQuery query, IReadOnlyList<StatsPeriodPart> parts) =>
    [
        ("workspace", query.Workspace),
        .. parts.SelectMany((part, i) => new (string, object?)[] { ($"p{i}_from", part.From), ($"p{i}_to", part.To) }),
        .. query.Department is null ? Array.Empty<(string, object?)>() : [("department", query.Department)],
        .. query.Operator is null ? Array.Empty<(string, object?)>() : [("operator", query.Operator)],
        .. (query.Scope?.Departments ?? []).Select((department, i) => ($"sd{i}", (object?)department)),
        .. (query.Scope?.StatusOperators ?? []).Select((operatorId, i) => ($"so{i}", (object?)operatorId)),
    ];

    // Rows written in statements of at most perStatement rows each; parameters @{prefix}{row}_{column}.
    private static async Task WriteRowsAsync(DbConnection connection, DbTransaction transaction, string prefix, IReadOnlyList<object?[]> rows,
        int perStatement, Func<int, string> sqlFor, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(perStatement))
        {
            await using var command = Command(connection, transaction, sqlFor(chunk.Length));
            AddRows(command, prefix, chunk);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void AddRows(DbCommand command, string prefix, IEnumerable<object?[]> rows)
    {
        var row = 0;
        foreach (var values in rows)
        {
            for (var column = 0; column < values.Length; column++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@{prefix}{row}_{column}";
                parameter.Value = values[column] ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }
            row++;
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
