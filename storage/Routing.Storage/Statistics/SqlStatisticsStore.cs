using System.Data.Common;

namespace Routing.Storage.Statistics;

/// <summary>
/// <see cref="IStatisticsStore"/> over ADO.NET, shared by SQLite and PostgreSQL: the providers give a connection and
/// their feed query (<see cref="ReadFeedSql"/>); everything else is the same SQL (<see cref="StatsSql"/>). It writes on
/// its own connections, outside the grains' group commit: the projection is a reader of the logs, not a grain write.
/// </summary>
public abstract class SqlStatisticsStore : IStatisticsStore
{
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
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var buckets = new List<StatsBucket>();
        foreach (var key in keys)
        {
            await using var command = Command(connection, null, StatsSql.ReadBucket, KeyParameters(key));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) continue;
            var bucket = StatsBucket.Empty(key);
            for (var i = 0; i < bucket.Counters.Length; i++) bucket.Counters[i] = reader.GetInt64(i);
            for (var i = 0; i < bucket.Histograms.Length; i++)
                bucket.Histograms[i] = reader.IsDBNull(bucket.Counters.Length + i) ? null : (byte[])reader.GetValue(bucket.Counters.Length + i);
            buckets.Add(bucket);
        }
        return buckets;
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> ReadSourceStatesAsync(IReadOnlyCollection<string> sources, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var states = new Dictionary<string, byte[]>();
        foreach (var source in sources)
        {
            await using var command = Command(connection, null, StatsSql.ReadSource, ("source", source));
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is byte[] state) states[source] = state;
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
        foreach (var bucket in batch.Buckets) await ExecuteAsync(connection, transaction, StatsSql.UpsertBucket, BucketParameters(bucket), cancellationToken).ConfigureAwait(false);
        foreach (var (source, state) in batch.SourceStates)
            await ExecuteAsync(connection, transaction, StatsSql.UpsertSource, [("source", source), ("state", state)], cancellationToken).ConfigureAwait(false);
        foreach (var rating in batch.Ratings)
            await ExecuteAsync(connection, transaction, StatsSql.InsertRating,
                [("workspace", rating.Workspace), ("conversation_id", rating.ConversationId), ("hour", rating.Hour), ("department", rating.Department),
                 ("operator", rating.Operator), ("score", (long)rating.Score), ("scale", (long)rating.Scale), ("rated_at", StorageTime.ToUnixMicroseconds(rating.RatedAt))],
                cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
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
        var parameters = QueryParameters(query);
        var groupCount = query.GroupBy.Count;
        var rows = new Dictionary<string, StatsGroupRow>();
        var order = new List<StatsGroupRow>();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var sums = Command(connection, null, StatsSql.SumQuery(query), parameters))
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
        await using (var histogramsCommand = Command(connection, null, StatsSql.HistogramQuery(query), parameters))
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
        await using var command = Command(connection, null, StatsSql.LowRatings, ("workspace", query.Workspace), ("from", query.FromHour),
            ("to", query.ToHour), ("max_score", (long)query.MaxScore), ("limit", (long)query.Limit));
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

    private static (string, object?)[] KeyParameters(StatsBucketKey key) =>
        [("workspace", key.Workspace), ("hour", key.Hour), ("department", key.Department), ("operator", key.Operator), ("channel", key.Channel), ("topic", key.Topic)];

    private static (string, object?)[] BucketParameters(StatsBucket bucket) =>
    [
        .. KeyParameters(bucket.Key),
        .. StatsColumns.Counters.Select((c, i) => (c, (object?)bucket.Counters[i])),
        .. StatsColumns.Histograms.Select((h, i) => (h, (object?)bucket.Histograms[i])),
    ];

    private static (string, object?)[] QueryParameters(StatsQuery query) =>
    [
        ("workspace", query.Workspace), ("from", query.FromHour), ("to", query.ToHour),
        .. query.Department is null ? Array.Empty<(string, object?)>() : [("department", query.Department)],
        .. query.Operator is null ? Array.Empty<(string, object?)>() : [("operator", query.Operator)],
    ];

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
