namespace Routing.Storage.Orleans.Tests;

/// <summary>A fresh database of either kind with one initialized store open on it, for tests that seed and inspect it.</summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private TestStore(TestDatabase database, IDurableStore store) => (_database, Store) = (database, store);

    public IDurableStore Store { get; }

    public static async Task<TestStore> CreateAsync(string kind)
    {
        var database = TestDatabase.Of(kind);
        await database.CreateAsync();
        return new TestStore(database, await database.OpenAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await _database.DisposeAsync();
    }
}
