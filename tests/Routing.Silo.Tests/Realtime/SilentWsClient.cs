using System.Net.Sockets;
using System.Net.WebSockets;

namespace Routing.Silo.Tests.Realtime;

/// <summary>
/// A WebSocket client that completes the handshake, reads its first frames and then neither reads nor writes (a frozen
/// tab, a stuck proxy): its receive buffer is small, so once the server has queued enough frames its sends block. A
/// test drains it only at the end, to see how the server ended the connection.
/// </summary>
internal sealed class SilentWsClient : IAsyncDisposable
{
    private const int ReceiveBufferBytes = 4096;
    private const int ReadBufferBytes = 64 * 1024;

    private readonly ClientWebSocket _socket = new();
    private readonly HttpMessageInvoker _invoker = new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = ReceiveBufferBytes };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    });

    public static async Task<SilentWsClient> ConnectAsync(Uri http, string ws, string role, string token)
    {
        var client = new SilentWsClient();
        client._socket.Options.AddSubProtocol("routing.v1");
        client._socket.Options.KeepAliveInterval = TimeSpan.Zero; // silent: not even pings
        var uri = new UriBuilder(http) { Scheme = "ws", Path = $"/v1/workspaces/{ws}/ws/{role}", Query = $"access_token={Uri.EscapeDataString(token)}" }.Uri;
        using var timeout = new CancellationTokenSource(WsClient.Patience);
        await client._socket.ConnectAsync(uri, client._invoker, timeout.Token);
        // The welcome, then the session's first frame: a connection writes those only once attached to its session.
        var buffer = new byte[ReadBufferBytes];
        for (var frames = 0; frames < 2; frames++)
            while (!(await client._socket.ReceiveAsync(buffer, timeout.Token)).EndOfMessage) { }
        return client;
    }

    /// <summary>
    /// Reads everything the server left in the connection until it ends; answers the close status the server sent, or
    /// null when the connection ended without a close frame (the server aborted it).
    /// </summary>
    public async Task<WebSocketCloseStatus?> DrainAsync()
    {
        var buffer = new byte[ReadBufferBytes];
        using var timeout = new CancellationTokenSource(WsClient.Patience);
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer, timeout.Token);
                if (received.MessageType == WebSocketMessageType.Close) return received.CloseStatus;
            }
        }
        catch (WebSocketException)
        {
            return null; // ended before a close frame
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        _invoker.Dispose();
        return ValueTask.CompletedTask;
    }
}
