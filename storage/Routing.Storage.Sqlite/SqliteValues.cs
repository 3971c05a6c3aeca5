using Microsoft.Data.Sqlite;
using Routing.Storage;

namespace Routing.Storage.Sqlite;

/// <summary>How CLR values map to the SQLite columns (tokens as "D" text, instants as unix microseconds).</summary>
internal static class SqliteValues
{
    public static string FromGuid(Guid value) => value.ToString("D");

    public static DeadlineRecord ReadDeadline(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        StorageTime.FromUnixMicroseconds(reader.GetInt64(3)),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        Guid.ParseExact(reader.GetString(5), "D"),
        reader.IsDBNull(6) ? null : checked((uint)reader.GetInt64(6)));

    public static byte[]? ReadBlob(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<byte[]>(ordinal);
}
