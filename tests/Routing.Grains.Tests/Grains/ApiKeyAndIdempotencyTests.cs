using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

/// <summary>R25 API keys in the workspace grain, and the intake idempotency grain (one message per connector key).</summary>
public sealed class ApiKeyAndIdempotencyTests : IDisposable
{
    private static readonly string HashA = new('a', 64);
    private static readonly string HashB = new('b', 64);

    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_workspace_is_created_once_with_an_admin_key_that_authenticates_by_hash_until_revoked()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        Assert.False(await world.Workspace.Exists());
        await Assert.ThrowsAsync<InvalidOperationException>(() => world.Workspace.AddApiKey(new ApiKeyRecord("k0", ApiKeyScope.Admin, "", HashA, DateTimeOffset.UnixEpoch)));
        await Assert.ThrowsAsync<ArgumentException>(() => world.Workspace.Create(new ApiKeyRecord("k1", ApiKeyScope.Channel, "", HashA, DateTimeOffset.UnixEpoch)));
        Assert.False(await world.Workspace.Exists());

        await world.Workspace.Create(new ApiKeyRecord("k1", ApiKeyScope.Admin, "first", HashA, DateTimeOffset.UnixEpoch));
        await Assert.ThrowsAsync<InvalidOperationException>(() => world.Workspace.Create(new ApiKeyRecord("k9", ApiKeyScope.Admin, "", HashB, DateTimeOffset.UnixEpoch)));
        await world.Workspace.AddApiKey(new ApiKeyRecord("k2", ApiKeyScope.Channel, "widget", HashB, DateTimeOffset.UnixEpoch.AddSeconds(1)));
        await Assert.ThrowsAsync<ArgumentException>(() => world.Workspace.AddApiKey(new ApiKeyRecord("k3", ApiKeyScope.Channel, "", "not-a-hash", DateTimeOffset.UnixEpoch)));

        Assert.Equal(ApiKeyScope.Admin, await world.Workspace.Authenticate("k1", HashA));
        Assert.Null(await world.Workspace.Authenticate("k1", HashB));
        Assert.Equal(ApiKeyScope.Channel, await world.Workspace.Authenticate("k2", HashB));
        Assert.Equal(["k1", "k2"], (await world.Workspace.GetApiKeys()).Select(k => k.KeyId));

        await Assert.ThrowsAsync<InvalidOperationException>(() => world.Workspace.RevokeApiKey("k1")); // the last admin key
        Assert.Equal(ApiKeyScope.Admin, await world.Workspace.Authenticate("k1", HashA));
        Assert.True(await world.Workspace.RevokeApiKey("k2"));
        Assert.False(await world.Workspace.RevokeApiKey("k2"));
        Assert.Null(await world.Workspace.Authenticate("k2", HashB));
        Assert.Null(await new RoutingWorld(silo.Factory, "ws2").Workspace.Authenticate("k1", HashA));
    }

    [Fact]
    public async Task The_same_key_delivers_one_message_and_replays_its_answer_across_a_restart_until_it_expires()
    {
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        var message = new IntakeMessage(Routing.GrainInterfaces.Model.Channel.Chat, "visitor-1", "hello");
        var first = await Idempotency(silo.Factory, "key-1").Receive("f1", message);
        Assert.False(first.Replayed);
        await silo.StopAsync();

        silo = await GrainTestSilo.StartAsync(_database.DatabasePath, silo.Time);
        world.Factory = silo.Factory;
        var again = await Idempotency(silo.Factory, "key-1").Receive("f1", message);
        Assert.True(again.Replayed);
        Assert.Equal(first.Result, again.Result);
        Assert.Equal(1, (await world.Conversation(first.Result.ConversationId).Get()).MessageCount);
        var reused = await Assert.ThrowsAsync<RoutingRefusedException>(() => Idempotency(silo.Factory, "key-1").Receive("f2", message));
        Assert.Equal(RoutingRefusedException.IdempotencyKeyReused, reused.Code);

        await silo.AdvanceAsync(IntakeIdempotency.Retention + TimeSpan.FromSeconds(1));
        var afterExpiry = await Idempotency(silo.Factory, "key-1").Receive("f1", message);
        Assert.False(afterExpiry.Replayed);
        Assert.Equal(2, (await world.Conversation(first.Result.ConversationId).Get()).MessageCount);
        await silo.DisposeAsync();
    }

    private static IIntakeIdempotencyGrain Idempotency(IGrainFactory factory, string key) =>
        factory.GetGrain<IIntakeIdempotencyGrain>(RoutingKeys.IntakeIdempotency("ws1", key));
}
