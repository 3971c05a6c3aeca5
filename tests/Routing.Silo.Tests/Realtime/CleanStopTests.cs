using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Routing.ClientApi.Realtime.Sessions;
using Routing.Testing;

namespace Routing.Silo.Tests.Realtime;

/// <summary>
/// A stop with a WebSocket client that does not read: the silo closes the socket (1001, or an abort when the close
/// cannot be written or is never answered) within Realtime:CloseTimeout and still deactivates and writes every grain.
/// </summary>
public sealed class CleanStopTests
{
    private const string Visitor = "visitor-1";

    [Fact]
    public async Task A_stop_aborts_a_socket_whose_client_stopped_reading_and_still_writes_every_grain()
    {
        await using var world = await StartAsync();
        var token = await world.CustomerTokenAsync(Visitor);
        await using var silent = await SilentWsClient.ConnectAsync(world.Api.Silo.Http.BaseAddress!, RealtimeWorld.Ws, "customer", token);
        await using var reading = await world.CustomerSocketAsync(token);
        await reading.DataAsync("ready");
        // Far more than the silent client's socket buffers hold: the server's send to it blocks mid-frame.
        const int messages = 60;
        for (var i = 1; i <= messages; i++)
            await world.Api.OkAsync(HttpMethod.Post, $"/v1/workspaces/{RealtimeWorld.Ws}/messages", world.Channel,
                new { channel = "chat", externalCustomerId = Visitor, text = new string('x', 20_000) });
        await reading.DataAsync("message", m => m.GetProperty("sequence").GetInt64() == messages);
        await KeepNoteAsync(world, "written at stop");

        await StopAsync(world, reading);

        Assert.Null(await silent.DrainAsync()); // its frames never all went, so neither did a close frame: aborted
        Assert.Equal("written at stop", await ReadNoteAfterRestartAsync(world));
    }

    [Fact]
    public async Task A_stop_sends_1001_to_a_client_that_never_answers_the_close_then_aborts_it()
    {
        await using var world = await StartAsync();
        var token = await world.CustomerTokenAsync(Visitor);
        await using var silent = await SilentWsClient.ConnectAsync(world.Api.Silo.Http.BaseAddress!, RealtimeWorld.Ws, "customer", token);
        await using var reading = await world.CustomerSocketAsync(token);
        await KeepNoteAsync(world, "written at stop");
        // Reading (but never answering the close) from before the stop: frames still unread when the server aborts the
        // connection may be dropped with it, so a client that started reading only afterwards could miss the close frame.
        var closeStatus = silent.DrainAsync();

        await StopAsync(world, reading);

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await closeStatus);
        Assert.Equal("written at stop", await ReadNoteAfterRestartAsync(world));
    }

    [Fact]
    public async Task A_stop_ends_every_session_before_the_grains_stop_so_none_calls_a_grain_while_they_stop()
    {
        await using var world = await StartAsync();
        await world.OperatorAsync("ann", 1, "support");
        // A waiting dialog: the department is active, so it stops with the grains and tells the sessions following it.
        await world.Api.OkAsync(HttpMethod.Post, $"/v1/workspaces/{RealtimeWorld.Ws}/messages", world.Channel,
            new { channel = "chat", externalCustomerId = Visitor, text = "hello" });
        await using var console = await world.OperatorSocketAsync("ann");
        await console.DataAsync("incoming", i => i.GetArrayLength() == 1); // follows the department's Incoming
        await using (var left = await world.SupervisorSocketAsync())
            await left.DataAsync("queues"); // closed by its client: its session waits in its resume window
        var sessions = world.Api.Silo.Services.GetRequiredService<RealtimeSessions>();
        Assert.Equal(2, sessions.Count);

        await StopAsync(world, console);

        Assert.Equal(0, sessions.Count);
        Assert.Empty(world.Api.Silo.Log.Errors); // before, ann's session read her Incoming again when the department stopped
    }

    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private static async Task<RealtimeWorld> StartAsync()
    {
        var world = await RealtimeWorld.StartAsync(NoteGrain.AddTo, "--RateLimits:IntakePerCustomer=1000");
        await world.DepartmentAsync("support", new { name = "Support" });
        return world;
    }

    /// <summary>A grain that writes its state only when it deactivates: the witness that the runtime's stop ran.</summary>
    private static Task KeepNoteAsync(RealtimeWorld world, string text) =>
        world.Api.Silo.Services.GetRequiredService<IGrainFactory>().GetGrain<INoteGrain>("acme/note-1").Keep(text);

    private static async Task<string?> ReadNoteAfterRestartAsync(RealtimeWorld world)
    {
        await world.Api.RestartAsync();
        return await world.Api.Silo.Services.GetRequiredService<IGrainFactory>().GetGrain<INoteGrain>("acme/note-1").Read();
    }

    /// <summary>
    /// Stops the silo. A client that reads gets 1001 at once; by then the stop's close timeout runs on the silo's clock,
    /// and that time passes.
    /// </summary>
    private static async Task StopAsync(RealtimeWorld world, WsClient reading)
    {
        var stopping = world.Api.Silo.StopAsync();
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await reading.ClosedAsync());
        world.Clock.Advance(CloseTimeout);
        await Eventually.Within(stopping); // and does not throw
    }
}
