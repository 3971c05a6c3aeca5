using Routing.ClientApi.Errors;
using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using System.Threading.RateLimiting;
using Routing.ClientApi.Realtime.Protocol;

namespace Routing.ClientApi.Realtime.Sessions;

/// <summary>
/// One WebSocket attached to a session. The send loop is the socket's only writer: it writes the session's frames
/// after the last one it wrote, then the close frame when asked. The receive loop reads client frames (text, at most
/// MaxFrameBytes, rate-limited) into the session; what it refuses is answered with an error frame.
/// </summary>
internal sealed class RealtimeConnection : IDisposable
{
    private const int InitialReceiveBuffer = 4096;

    private readonly WebSocket _socket;
    private readonly RealtimeSession _session;
    private readonly RealtimeOptions _options;
    private readonly Channel<bool> _wakeUp = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly TokenBucketRateLimiter _limiter;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CloseRequest? _close; // set once, from any thread (Interlocked)
    private long _sentUpTo;

    private sealed record CloseRequest(int Code, string Reason);

    public RealtimeConnection(WebSocket socket, RealtimeSession session, RealtimeOptions options)
    {
        _socket = socket;
        _session = session;
        _options = options;
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.FrameBurst, TokensPerPeriod = options.FramesPerSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0, AutoReplenishment = true,
        });
    }

    public void Signal() => _wakeUp.Writer.TryWrite(true);

    /// <summary>Asks the send loop to close the socket once the frames before are written; the first request wins.</summary>
    public void RequestClose(int code, string reason)
    {
        Interlocked.CompareExchange(ref _close, new CloseRequest(code, reason), null);
        Signal();
    }

    private CloseRequest? Close => Volatile.Read(ref _close);

    /// <summary>Completes when <see cref="RunAsync"/> is over (the socket closed or was aborted).</summary>
    public Task Ended => _ended.Task;

    /// <summary>Cuts the connection off without a close handshake: the pending send and receive end at once.</summary>
    public void Abort() => _socket.Abort();

    /// <summary>Writes the welcome, attaches from <paramref name="lastSeq"/> and runs until the socket closes.</summary>
    public async Task RunAsync(Welcome welcome, string credential, JsonSerializerOptions json, CancellationToken aborted)
    {
        try
        {
            await AttachAndRunAsync(welcome, credential, json, aborted);
        }
        finally
        {
            _ended.TrySetResult();
        }
    }

    private async Task AttachAndRunAsync(Welcome welcome, string credential, JsonSerializerOptions json, CancellationToken aborted)
    {
        await _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new ServerFrame(0, "welcome", Data: welcome), json),
            WebSocketMessageType.Text, true, aborted);
        _sentUpTo = welcome.LastSeq;
        if (!_session.TryAttach(this, welcome.LastSeq, credential))
        {
            await CloseAsync(new CloseRequest(RealtimeProtocol.CloseResyncRequired, "the session cannot continue; reconnect without resume"), aborted);
            return;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var sending = SendLoopAsync(stop.Token);
        try
        {
            await ReceiveLoopAsync(stop.Token);
        }
        finally
        {
            _session.Detach(this);
            RequestClose((int)WebSocketCloseStatus.NormalClosure, "bye");
            // The send loop ends with the close frame; a socket that died ends it at once.
            if (_socket.State is not WebSocketState.Open and not WebSocketState.CloseReceived) await stop.CancelAsync();
            try { await sending; }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or ChannelClosedException) { }
        }
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        var batch = new List<byte[]>();
        await foreach (var _ in _wakeUp.Reader.ReadAllAsync(cancellationToken))
        {
            while (true)
            {
                batch.Clear();
                if (!_session.TryRead(_sentUpTo, batch))
                {
                    // The client read too slowly and frames it never got were dropped: it must start afresh.
                    RequestClose(RealtimeProtocol.CloseResyncRequired, "this connection fell too far behind; reconnect without resume");
                    break;
                }
                if (batch.Count == 0) break;
                foreach (var frame in batch)
                {
                    await _socket.SendAsync(frame, WebSocketMessageType.Text, true, cancellationToken);
                    _sentUpTo++;
                }
            }
            if (Close is { } close)
            {
                await CloseAsync(close, cancellationToken);
                return;
            }
        }
    }

    private async Task CloseAsync(CloseRequest close, CancellationToken cancellationToken)
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            await _socket.CloseOutputAsync((WebSocketCloseStatus)close.Code, close.Reason, cancellationToken);
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        // Small by default: most frames are tiny, and an idle connection should not pin a large buffer.
        var buffer = ArrayPool<byte>.Shared.Rent(InitialReceiveBuffer);
        try
        {
            while (_socket.State == WebSocketState.Open && Close is null)
            {
                var length = 0;
                var type = WebSocketMessageType.Text;
                var complete = false;
                while (!complete && length <= _options.MaxFrameBytes)
                {
                    if (length == buffer.Length) buffer = Grow(buffer, length);
                    var room = Math.Min(buffer.Length, _options.MaxFrameBytes + 1) - length;
                    var received = await _socket.ReceiveAsync(buffer.AsMemory(length, room), cancellationToken);
                    if (received.MessageType == WebSocketMessageType.Close) return;
                    type = received.MessageType;
                    length += received.Count;
                    complete = received.EndOfMessage;
                }

                if (length > _options.MaxFrameBytes)
                {
                    _session.SendError(null, ErrorCodes.FrameTooLarge, $"a frame is at most {_options.MaxFrameBytes} bytes");
                    RequestClose((int)WebSocketCloseStatus.MessageTooBig, "frame too large");
                    return;
                }
                await HandleFrame(type, buffer.AsMemory(0, length), cancellationToken);
            }
        }
        catch (WebSocketException) { } // the network went: the session waits for a resume
        catch (OperationCanceledException) { }
        catch (ChannelClosedException) { } // the session ended meanwhile; its close request ends this connection
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private byte[] Grow(byte[] buffer, int length)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _options.MaxFrameBytes + 1));
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    private async Task HandleFrame(WebSocketMessageType type, ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        // Every frame costs a token, before any parsing: malformed floods are limited like commands.
        using var lease = _limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            _session.SendError(ClientFrame.PeekRef(utf8.Span), ErrorCodes.RateLimited,
                $"at most {_options.FramesPerSecond} frames per second (bursts of {_options.FrameBurst}); this one was not executed");
            return;
        }
        if (type == WebSocketMessageType.Binary)
        {
            _session.SendError(null, ErrorCodes.MalformedFrame, "frames are JSON text, not binary");
            return;
        }
        ClientFrame frame;
        try
        {
            frame = ClientFrame.Parse(utf8);
        }
        catch (RealtimeFrameException refused)
        {
            _session.SendError(refused.Ref, refused.Code, refused.Message);
            return;
        }
        await _session.PostAsync(frame, cancellationToken);
    }

    public void Dispose() => _limiter.Dispose();
}
