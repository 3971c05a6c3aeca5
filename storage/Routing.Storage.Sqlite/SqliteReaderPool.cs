using Microsoft.Data.Sqlite;

namespace Routing.Storage.Sqlite;

/// <summary>
/// Read connections kept open with the reads every activation makes (its state, a log's last sequence, a log's entries)
/// prepared once: such a read then costs a bind and a step, not a pooled open and a parse and plan of its SQL each time
/// (a tenth of the intake's CPU samples, loadtests/README.md, issue 12). One caller uses a reader at a time; a reader
/// whose read failed is closed rather than reused.
/// </summary>
internal sealed class SqliteReaderPool(string connectionString, int maxIdle) : IDisposable
{
    private readonly Stack<SqliteReader> _idle = new();
    private bool _disposed;

    public T Read<T>(Func<SqliteReader, T> read)
    {
        var reader = Rent();
        T result;
        try
        {
            result = read(reader);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
        Return(reader);
        return result;
    }

    public void Dispose()
    {
        lock (_idle)
        {
            _disposed = true;
            while (_idle.TryPop(out var reader)) reader.Dispose();
        }
    }

    private SqliteReader Rent()
    {
        lock (_idle)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.TryPop(out var reader)) return reader;
        }
        return SqliteReader.Open(connectionString);
    }

    private void Return(SqliteReader reader)
    {
        lock (_idle)
        {
            if (!_disposed && _idle.Count < maxIdle)
            {
                _idle.Push(reader);
                return;
            }
        }
        reader.Dispose();
    }
}

/// <summary>One open read connection and its prepared statements.</summary>
internal sealed class SqliteReader : IDisposable
{
    private readonly SqliteConnection _connection;

    private SqliteReader(SqliteConnection connection)
    {
        _connection = connection;
        ReadState = Command(SqliteSql.ReadState);
        ReadLastSequence = Command(SqliteSql.ReadLastSequence);
        ReadLog = Command(SqliteSql.ReadLog, ("@from", SqliteType.Integer), ("@max", SqliteType.Integer));
    }

    public SqliteCommand ReadState { get; }

    public SqliteCommand ReadLastSequence { get; }

    public SqliteCommand ReadLog { get; }

    public static SqliteReader Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            return new SqliteReader(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The command with its grain key bound.</summary>
    public static SqliteCommand Keyed(SqliteCommand command, string grainType, string grainKey, string name)
    {
        command.Parameters["@type"].Value = grainType;
        command.Parameters["@key"].Value = grainKey;
        command.Parameters["@name"].Value = name;
        return command;
    }

    public void Dispose()
    {
        ReadState.Dispose();
        ReadLastSequence.Dispose();
        ReadLog.Dispose();
        _connection.Dispose();
    }

    private SqliteCommand Command(string sql, params (string Name, SqliteType Type)[] others)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add("@type", SqliteType.Text);
        command.Parameters.Add("@key", SqliteType.Text);
        command.Parameters.Add("@name", SqliteType.Text);
        foreach (var (name, type) in others) command.Parameters.Add(name, type);
        return command;
    }
}
