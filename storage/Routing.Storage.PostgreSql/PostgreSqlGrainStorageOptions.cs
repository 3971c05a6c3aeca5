using System.Text.RegularExpressions;
using Npgsql;
using Routing.Storage;

namespace Routing.Storage.PostgreSql;

/// <summary>Settings of the PostgreSQL grain storage (production; several silos may share the database).</summary>
public sealed partial class PostgreSqlGrainStorageOptions
{
    /// <summary>
    /// An Npgsql connection string. Required. Its Search Path is replaced by <see cref="Schema"/>; Max Auto Prepare
    /// defaults to 64 when unset, so the provider's statements are prepared once per connection.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The schema holding the tables, created if missing. A plain lower-case identifier. Default "public".</summary>
    public string Schema { get; set; } = "public";

    /// <summary>The most writes committed in one transaction (one round trip). Default 512.</summary>
    public int MaxBatchSize { get; set; } = GroupCommitQueue<GroupCommitOperation>.DefaultMaxBatchSize;

    /// <summary>Fault injection for tests.</summary>
    internal GroupCommitHooks? Hooks { get; set; }

    /// <summary>
    /// <see cref="ConnectionString"/> with its search path set to <see cref="Schema"/>: how the storage connects, and how
    /// anything else using its tables must (Orleans' membership, created in the same schema).
    /// </summary>
    public string ConnectionStringInSchema() => new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = Schema }.ConnectionString;

    /// <summary>What is wrong with these settings; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString)) errors.Add($"{nameof(ConnectionString)} is required.");
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(ConnectionString);
            }
            catch (ArgumentException exception)
            {
                errors.Add($"{nameof(ConnectionString)} is not a valid Npgsql connection string: {exception.Message}");
            }
        }
        if (Schema is null || !Identifier().IsMatch(Schema))
            errors.Add($"{nameof(Schema)} must be a lower-case identifier (letters, digits, underscores; at most 63).");
        if (MaxBatchSize < 1) errors.Add($"{nameof(MaxBatchSize)} must be at least 1.");
        return errors;
    }

    /// <summary>A data source of its own, on this schema, named for pg_stat_activity, for the stores beside the grains' (search, statistics).</summary>
    public NpgsqlDataSource SideDataSource(string applicationName)
    {
        var builder = new NpgsqlDataSourceBuilder(ConnectionString);
        builder.ConnectionStringBuilder.SearchPath = Schema;
        builder.ConnectionStringBuilder.ApplicationName ??= applicationName;
        return builder.Build();
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex Identifier();
}
