using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Routing.Storage;
using Routing.Storage.PostgreSql;
using Routing.Storage.Sqlite;

namespace Routing.Storage.Tests;

public sealed class ServiceCollectionExtensionsTests
{
    [Fact]
    public async Task Sqlite_registration_gives_one_storage_with_the_documented_defaults()
    {
        var path = Path.Combine(Path.GetTempPath(), "routing-sqlite-tests", Guid.NewGuid().ToString("N"), "routing.db");
        await using var services = new ServiceCollection().AddSqliteGrainStorage(o => o.DatabasePath = path).BuildServiceProvider();

        var storage = Assert.IsType<SqliteGrainStorage>(services.GetRequiredService<IDurableStore>());
        Assert.Same(storage, services.GetRequiredService<IDurableStore>());
        Assert.Equal(("sqlite", path), (storage.ProviderName, storage.DatabasePath));

        var defaults = new SqliteGrainStorageOptions();
        Assert.Equal(("data/routing.db", "FULL", 512, TimeSpan.FromSeconds(5)),
            (defaults.DatabasePath, defaults.Synchronous, defaults.MaxBatchSize, defaults.BusyTimeout));
    }

    [Fact]
    public async Task Sqlite_registration_rejects_invalid_options_when_resolved()
    {
        await using var services = new ServiceCollection().AddSqliteGrainStorage(o => o.Synchronous = "SOMETIMES").BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IDurableStore>());
    }

    [Fact]
    public async Task PostgreSql_registration_requires_a_connection_string()
    {
        await using var services = new ServiceCollection().AddPostgreSqlGrainStorage(_ => { }).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IDurableStore>());
        Assert.Contains(nameof(PostgreSqlGrainStorageOptions.ConnectionString), failure.Message);
    }

    [Fact]
    public async Task PostgreSql_registration_gives_one_storage_with_the_documented_defaults()
    {
        await using var services = new ServiceCollection()
            .AddPostgreSqlGrainStorage(o => o.ConnectionString = "Host=127.0.0.1;Username=routing")
            .BuildServiceProvider();

        var storage = Assert.IsType<PostgreSqlGrainStorage>(services.GetRequiredService<IDurableStore>());
        Assert.Same(storage, services.GetRequiredService<IDurableStore>());
        Assert.Equal("postgresql", storage.ProviderName);
        var defaults = new PostgreSqlGrainStorageOptions();
        Assert.Equal(("public", 512), (defaults.Schema, defaults.MaxBatchSize));
    }
}
