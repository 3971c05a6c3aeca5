using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Routing.Silo.Tests.Api;
using Routing.Testing;

namespace Routing.Silo.Tests.Realtime;

/// <summary>
/// A silo on a fake clock with workspace "acme": keys of every scope, and helpers that issue tokens and open the
/// three WebSockets the way a widget, a console and a wallboard do.
/// </summary>
internal sealed class RealtimeWorld : IAsyncDisposable
{
    public const string Ws = "acme";

    private RealtimeWorld(ApiWorld api, FakeTimeProvider clock) => (Api, Clock) = (api, clock);

    public ApiWorld Api { get; }
    public FakeTimeProvider Clock { get; }
    public string Admin { get; private set; } = "";
    public string Channel { get; private set; } = "";
    public string Supervisor { get; private set; } = "";

    public static Task<RealtimeWorld> StartAsync(params string[] args) => StartAsync(_ => { }, args);

    /// <summary>A world whose silo a test changes first (e.g. adds a test grain).</summary>
    public static async Task<RealtimeWorld> StartAsync(Action<WebApplicationBuilder> customize, params string[] args)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var api = await ApiWorld.StartAsync(builder =>
        {
            builder.Services.UseFakeClockForGrains(clock);
            customize(builder);
        }, args);
        var world = new RealtimeWorld(api, clock);
        world.Admin = await api.CreateWorkspaceAsync(Ws);
        world.Channel = await api.CreateKeyAsync(Ws, world.Admin, "channel");
        world.Supervisor = await api.CreateKeyAsync(Ws, world.Admin, "supervisor");
        return world;
    }

    public Task DepartmentAsync(string id, object config) => Api.OkAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/departments/{id}", Admin, config);

    public Task OperatorAsync(string id, int capacity, params string[] departments) =>
        Api.OkAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/operators/{id}", Admin,
            new { capacity, departments = departments.Select(d => new { departmentId = d, tier = 1 }).ToArray() });

    public async Task<WsClient> OperatorSocketAsync(string operatorId, string? resume = null, long? lastSeq = null) =>
        await WsClient.ConnectAsync(Api.Silo.Http.BaseAddress!, Ws, "operator", await Tokens.OperatorAsync(Api, Ws, Admin, operatorId), resume, lastSeq);

    public async Task<string> CustomerTokenAsync(string externalId) => await Tokens.CustomerAsync(Api, Ws, Channel, externalId);

    public Task<WsClient> CustomerSocketAsync(string token, string? resume = null, long? lastSeq = null) =>
        WsClient.ConnectAsync(Api.Silo.Http.BaseAddress!, Ws, "customer", token, resume, lastSeq);

    public Task<WsClient> SupervisorSocketAsync() => WsClient.ConnectAsync(Api.Silo.Http.BaseAddress!, Ws, "supervisor", Supervisor);

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}
