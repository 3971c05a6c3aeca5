using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;

namespace Routing.LoadCommon.Realtime;

/// <summary>What a client does with one server frame: its type, the frame object, and when it arrived (Stopwatch timestamp).</summary>
public delegate void FrameHandler(RealtimeClient client, string type, JsonElement frame, long arrivedAt);

/// <summary>
/// A lean routing.v1 client over ClientWebSocket: one background reader that stamps every frame on arrival (so
/// latencies end when the bytes arrived, not when a waiting task got scheduled), remembers the last sequence for a
/// resume, matches replies to commands by ref, and counts error frames. Sends are serialized, as a socket requires.
/// </summary>
public sealed class RealtimeClient : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _commands = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<JsonElement> _welcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly FrameHandler _onFrame;
    private readonly ErrorFrames _errors;
    private Task _reading = Task.CompletedTask;
    private long _lastSeq;
    private int _nextRef;

    private RealtimeClient(FrameHandler onFrame, ErrorFrames errors, string name) => (_onFrame, _errors, Name) = (onFrame, errors, name);

    /// <summary>Who this is (an operator id, or "visitor-N"), for traces.</summary>
    public string Name { get; private init; } = "";

    public long LastSeq => Interlocked.Read(ref _lastSeq);
    public string SessionId { get; private set; } = "";
    public bool Resumed { get; private set; }
    public bool IsOpen => _socket.State == WebSocketState.Open;

    /// <summary>Opens /v1/workspaces/{ws}/ws/{role}?access_token=… (optionally resuming) and waits for the welcome.</summary>
    public static async Task<RealtimeClient> ConnectAsync(Uri http, string ws, string role, string name, string token, FrameHandler onFrame,
        ErrorFrames errors, string? resume = null, long lastSeq = 0)
    {
        var client = new RealtimeClient(onFrame, errors, name);
        client._socket.Options.AddSubProtocol("routing.v1");
        var query = $"access_token={Uri.EscapeDataString(token)}" + (resume is null ? "" : $"&resume={Uri.EscapeDataString(resume)}&lastSeq={lastSeq}");
        var uri = new UriBuilder(http) { Scheme = "ws", Path = $"/v1/workspaces/{ws}/ws/{role}", Query = query }.Uri;
        using var timeout = new CancellationTokenSource(Patience);
        await client._socket.ConnectAsync(uri, timeout.Token);
        if (resume is not null) client._lastSeq = lastSeq; // frames replayed after it count on from here
        client._reading = Task.Run(client.ReadAsync);
        var welcome = await client._welcome.Task.WaitAsync(Patience);
        client.SessionId = welcome.GetProperty("sessionId").GetString()!;
        client.Resumed = welcome.GetProperty("resumed").GetBoolean();
        if (resume is not null && !client.Resumed) client._lastSeq = 0;
        return client;
    }

    /// <summary>Sends a frame without waiting for its reply (an error frame is still counted).</summary>
    public async Task SendAsync(string type, object data)
    {
        var reference = "r" + Interlocked.Increment(ref _nextRef);
        await SendFrameAsync(type, reference, data);
    }

    /// <summary>Sends a command and answers its reply's data; an error frame throws.</summary>
    public async Task<JsonElement> CommandAsync(string type, object data)
    {
        var reference = "c" + Interlocked.Increment(ref _nextRef);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _commands[reference] = answer;
        await SendFrameAsync(type, reference, data);
        var frame = await answer.Task.WaitAsync(Patience);
        if (frame.GetProperty("type").GetString() != "reply")
            throw new CommandRefusedException($"{type}: {frame}", frame.TryGetProperty("code", out var code) ? code.GetString() ?? "?" : "?");
        return frame.TryGetProperty("data", out var d) ? d : default;
    }

    /// <summary>Drops the connection without a close handshake, like a phone losing its network.</summary>
    public void Abort() => _socket.Abort();

    private async Task SendFrameAsync(string type, string reference, object data)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new { type, @ref = reference, data }, Json);
        await _sending.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(Patience);
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, timeout.Token);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[16 * 1024]; // grows for the odd large frame (a dialog with its history)
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += result.Count;
                } while (!result.EndOfMessage);
                var arrivedAt = Stopwatch.GetTimestamp();
                if (result.MessageType == WebSocketMessageType.Close) break;
                using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
                Dispatch(document.RootElement, arrivedAt);
            }
        }
        catch (WebSocketException) { } // the network went (or Abort)
        catch (ObjectDisposedException) { }
        catch (OperationCanceledException) { }
    }

    private void Dispatch(JsonElement frame, long arrivedAt)
    {
        var type = frame.GetProperty("type").GetString()!;
        if (frame.TryGetProperty("seq", out var seq)) Interlocked.Exchange(ref _lastSeq, seq.GetInt64());
        if (type == "welcome")
        {
            _welcome.TrySetResult(frame.GetProperty("data").Clone());
            return;
        }
        if (type == "error") _errors.Record(frame);
        if (frame.TryGetProperty("ref", out var reference) && _commands.TryRemove(reference.GetString()!, out var waiting))
            waiting.TrySetResult(frame.Clone());
        _onFrame(this, type, frame, arrivedAt);
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
                await _reading.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException) { }
        }
        _socket.Dispose();
        _sending.Dispose();
    }
}
