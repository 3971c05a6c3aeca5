using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Routing.Silo.Tests.Realtime;

/// <summary>
/// A real WebSocket client of the routing.v1 protocol, as a widget or console would write it: it reads every frame in
/// the background, remembers the last sequence it saw (for a resume), and lets a test wait for a frame by type.
/// </summary>
internal sealed class WsClient : IAsyncDisposable
{
    /// <summary>How long a test waits for a frame before it fails (a failure bound, not a speed assertion).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ClientWebSocket _socket = new();
    private readonly Channel<JsonElement> _incoming = Channel.CreateUnbounded<JsonElement>();
    private readonly List<JsonElement> _unread = [];
    private Task _reading = Task.CompletedTask;
    private int _nextRef;

    public JsonElement Welcome { get; private set; }

    /// <summary>The sequence numbers received so far on this connection, in order.</summary>
    public IReadOnlyList<long> Received => _received.ToArray();

    private readonly System.Collections.Concurrent.ConcurrentQueue<long> _received = new();
    public long LastSeq { get; private set; }
    public string SessionId => Welcome.GetProperty("sessionId").GetString()!;
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>Connects to /v1/workspaces/{ws}/ws/{role} with the token in access_token (as a browser must), optionally resuming.</summary>
    public static async Task<WsClient> ConnectAsync(Uri http, string ws, string role, string token, string? resume = null, long? lastSeq = null,
        string? subProtocol = "routing.v1")
    {
        var client = new WsClient();
        if (subProtocol is not null) client._socket.Options.AddSubProtocol(subProtocol);
        var query = $"access_token={Uri.EscapeDataString(token)}" + (resume is null ? "" : $"&resume={Uri.EscapeDataString(resume)}&lastSeq={lastSeq}");
        var uri = new UriBuilder(http) { Scheme = "ws", Path = $"/v1/workspaces/{ws}/ws/{role}", Query = query }.Uri;
        using var timeout = new CancellationTokenSource(Patience);
        await client._socket.ConnectAsync(uri, timeout.Token);
        client._reading = Task.Run(client.ReadAsync);
        client.Welcome = (await client.NextAsync("welcome")).GetProperty("data");
        if (resume is not null && client.Welcome.GetProperty("resumed").GetBoolean()) client.LastSeq = lastSeq ?? 0;
        return client;
    }

    public string? NegotiatedProtocol => _socket.SubProtocol;

    /// <summary>Sends a command and waits for its reply or error frame (matched by ref).</summary>
    public async Task<JsonElement> CommandAsync(string type, object? data = null)
    {
        var reference = "r" + Interlocked.Increment(ref _nextRef);
        await SendRawAsync(JsonSerializer.Serialize(new { type, @ref = reference, data = data ?? new { } }, JsonOptions));
        return await NextAsync(null, f => f.TryGetProperty("ref", out var r) && r.GetString() == reference);
    }

    /// <summary>Sends a command and answers the data of its reply; an error frame fails the test.</summary>
    public async Task<JsonElement> OkAsync(string type, object? data = null)
    {
        var answer = await CommandAsync(type, data);
        Assert.True(answer.GetProperty("type").GetString() == "reply", $"{type}: {answer}");
        return answer.TryGetProperty("data", out var d) ? d : default;
    }

    public Task SendRawAsync(string text) => SendRawAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    public async Task SendRawAsync(byte[] bytes, WebSocketMessageType type)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _socket.SendAsync(bytes, type, true, timeout.Token);
    }

    /// <summary>The next frame of <paramref name="type"/> (any type when null) matching <paramref name="match"/>; earlier other frames stay unread.</summary>
    public async Task<JsonElement> NextAsync(string? type, Func<JsonElement, bool>? match = null)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var found = _unread.FindIndex(f => (type is null || f.GetProperty("type").GetString() == type) && (match?.Invoke(f) ?? true));
            if (found >= 0)
            {
                var frame = _unread[found];
                _unread.RemoveAt(found);
                return frame;
            }
            try
            {
                _unread.Add(await _incoming.Reader.ReadAsync(timeout.Token));
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no '{type}' frame within {Patience.TotalSeconds} s; unread: {string.Join(" | ", _unread.Select(f => f.ToString()))}");
            }
            catch (ChannelClosedException)
            {
                throw new InvalidOperationException($"the socket closed ({_socket.CloseStatus} {_socket.CloseStatusDescription}) before a '{type}' frame; unread: {string.Join(" | ", _unread.Select(f => f.ToString()))}");
            }
        }
    }

    /// <summary>The frames received and not consumed by a NextAsync yet.</summary>
    public Task<IReadOnlyList<JsonElement>> FramesUnreadAsync()
    {
        while (_incoming.Reader.TryRead(out var frame)) _unread.Add(frame);
        return Task.FromResult<IReadOnlyList<JsonElement>>(_unread.ToList());
    }

    /// <summary>Takes every frame received and not consumed yet, in order (they are consumed).</summary>
    public IReadOnlyList<JsonElement> Drain()
    {
        while (_incoming.Reader.TryRead(out var frame)) _unread.Add(frame);
        var frames = _unread.ToList();
        _unread.Clear();
        return frames;
    }

    /// <summary>
    /// The data of the next frame of <paramref name="type"/> whose data matches, calling <paramref name="nudge"/> (advance a
    /// fake clock) until it comes: for frames the server sends when a coalescing interval falls due.
    /// </summary>
    public async Task<JsonElement> DataAsync(string type, Func<JsonElement, bool>? match, Action nudge)
    {
        var giveUp = DateTime.UtcNow + Patience;
        while (true)
        {
            nudge();
            using var pause = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var found = _unread.FindIndex(f => f.GetProperty("type").GetString() == type && (match?.Invoke(f.GetProperty("data")) ?? true));
            if (found >= 0)
            {
                var frame = _unread[found];
                _unread.RemoveAt(found);
                return frame.GetProperty("data");
            }
            try
            {
                _unread.Add(await _incoming.Reader.ReadAsync(pause.Token));
            }
            catch (OperationCanceledException) when (DateTime.UtcNow < giveUp)
            {
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no '{type}' frame within {Patience.TotalSeconds} s; unread: {string.Join(" | ", _unread.Select(f => f.ToString()))}");
            }
        }
    }

    /// <summary>The data of the next frame of <paramref name="type"/> whose data matches.</summary>
    public async Task<JsonElement> DataAsync(string type, Func<JsonElement, bool>? match = null) =>
        (await NextAsync(type, f => match?.Invoke(f.GetProperty("data")) ?? true)).GetProperty("data");

    /// <summary>Waits until the server closes the socket; answers its close status.</summary>
    public async Task<WebSocketCloseStatus?> ClosedAsync()
    {
        await _reading.WaitAsync(Patience);
        return _socket.CloseStatus;
    }

    /// <summary>Drops the connection without a close handshake, like a phone losing its network.</summary>
    public void Abort() => _socket.Abort();

    private async Task ReadAsync()
    {
        var buffer = new byte[1 << 20];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += result.Count;
                } while (!result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (_socket.State == WebSocketState.CloseReceived)
                        await Quietly(() => _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None));
                    break;
                }
                var frame = JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone();
                if (frame.TryGetProperty("seq", out var seq))
                {
                    LastSeq = seq.GetInt64();
                    _received.Enqueue(LastSeq);
                }
                await _incoming.Writer.WriteAsync(frame);
            }
        }
        catch (WebSocketException) { }
        catch (ObjectDisposedException) { }
        catch (OperationCanceledException) { } // Abort(): the network went
        finally
        {
            _incoming.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await Quietly(() => _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token));
        }
        _socket.Dispose();
        try { await _reading.WaitAsync(TimeSpan.FromSeconds(5)); } catch (TimeoutException) { }
    }

    /// <summary>
    /// A close that may race the server's: once the server closed (a superseded session, a stop), the socket's state
    /// changes between the check and the call, which then throws. Either way the socket is closed, as wanted.
    /// </summary>
    private static async Task Quietly(Func<Task> close)
    {
        try { await close(); }
        catch (Exception e) when (e is WebSocketException or InvalidOperationException or OperationCanceledException) { }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
