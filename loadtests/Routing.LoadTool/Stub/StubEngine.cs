using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Routing.LoadTool.Stub;

/// <summary>
/// A stand-in engine that answers every call the tool makes at once (no storage, no routing), to measure the
/// generator's own ceiling: requests per second and sockets it can drive before its numbers measure itself.
/// </summary>
public static class StubEngine
{
    private static readonly byte[] Welcome = Encoding.UTF8.GetBytes(
        """{"type":"welcome","data":{"protocol":"routing.v1","version":1,"sessionId":"stub","resumed":false,"lastSeq":0}}""");

    /// <summary>Where a started stub listens (port 0 asks for a free one).</summary>
    public static Uri Address(WebApplication stub) =>
        new(stub.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    public static WebApplication Build(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.UseWebSockets();
        app.MapPost("/v1/workspaces", () => Results.Json(new { apiKey = "stub.admin.key" }));
        app.MapPost("/v1/workspaces/{ws}/api-keys", () => Results.Json(new { apiKey = "stub.key.secret" }));
        app.MapPut("/v1/workspaces/{ws}/departments/{id}", () => Results.Json(new { }));
        app.MapPut("/v1/workspaces/{ws}/operators/{id}", () => Results.Json(new { }));
        app.MapPost("/v1/workspaces/{ws}/operators/{id}/tokens", () => Results.Json(new { token = "rt1.stub.operator" }));
        app.MapPost("/v1/workspaces/{ws}/customer-tokens", () => Results.Json(new { token = "rt1.stub.customer" }));
        app.MapPost("/v1/workspaces/{ws}/messages", () => Results.Json(new { conversationId = "c1", status = "queued", queuePosition = 1 }));
        app.MapGet("/v1/workspaces/{ws}/queues", () => Results.Json(Array.Empty<object>()));
        app.MapGet("/stats/grains", () => Results.Json(new { grainTypes = Array.Empty<object>() }));
        app.Map("/v1/workspaces/{ws}/ws/{role}", ServeSocketAsync);
        return app;
    }

    /// <summary>Welcome, then a reply to every command, as the engine's session would (minus everything it does).</summary>
    private static async Task ServeSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync("routing.v1");
        await socket.SendAsync(Welcome, WebSocketMessageType.Text, true, context.RequestAborted);
        var buffer = new byte[8192];
        var seq = 0L;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (result.MessageType == WebSocketMessageType.Close) break;
                using var frame = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
                var reference = frame.RootElement.TryGetProperty("ref", out var r) ? r.GetString() : null;
                var reply = JsonSerializer.SerializeToUtf8Bytes(new { seq = ++seq, type = "reply", @ref = reference, data = new { conversationId = "c1" } });
                await socket.SendAsync(reply, WebSocketMessageType.Text, true, context.RequestAborted);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // the client went
        }
    }
}
