using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

/// <summary>R25: the workspace's token signing key, durable until rotated.</summary>
public sealed class TokenSigningKeyTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_created_workspace_keeps_one_key_across_restarts_until_it_is_rotated()
    {
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        Assert.Empty(await world.Workspace.GetTokenSigningKey()); // never created: nothing is signed for it, nothing written
        await Assert.ThrowsAsync<InvalidOperationException>(() => world.Workspace.RotateTokenSigningKey());

        await world.Workspace.Create(new ApiKeyRecord("k1", ApiKeyScope.Admin, "first", new string('a', 64), DateTimeOffset.UnixEpoch));
        var returned = await world.Workspace.GetTokenSigningKey();
        var key = returned.ToArray();
        Assert.Equal(32, key.Length);
        returned[0] ^= 1; // only the caller's copy changes
        Assert.Equal(key, await world.Workspace.GetTokenSigningKey());
        await silo.StopAsync();

        silo = await GrainTestSilo.StartAsync(_database.DatabasePath, silo.Time);
        world.Factory = silo.Factory;
        Assert.Equal(key, await world.Workspace.GetTokenSigningKey());
        await world.Workspace.RotateTokenSigningKey();
        var rotated = await world.Workspace.GetTokenSigningKey();
        Assert.Equal(32, rotated.Length);
        Assert.NotEqual(key, rotated);

        var other = new RoutingWorld(silo.Factory, "ws2");
        await other.Workspace.Create(new ApiKeyRecord("k1", ApiKeyScope.Admin, "first", new string('a', 64), DateTimeOffset.UnixEpoch));
        Assert.NotEqual(rotated, await other.Workspace.GetTokenSigningKey());
        await silo.DisposeAsync();
    }
}
