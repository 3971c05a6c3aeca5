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
    private readonly WebSocket _socket;
    private readonly RealtimeSession _session;
    private readonly RealtimeOptions _options;
    private readonly Channel<bool> _wakeUp = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly TokenBucketRateLimiter _limiter;
    private (int Code, string Reason)? _close;
    private long _sentUpTo;

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

    /// <summary>Asks the send loop to close the socket once the frames before are written.</summary>
    public void RequestClose(int code, string reason)
    {
        _close ??= (code, reason);
        Signal();
    }

    /// <summary>Writes the welcome, attaches from <paramref name="lastSeq"/> and runs until the socket closes.</summary>
    public async Task RunAsync(Welcome welcome, JsonSerializerOptions json, CancellationToken aborted)
    {
        await _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new ServerFrame(0, "welcome", Data: welcome), json),
            WebSocketMessageType.Text, true, aborted);
        _sentUpTo = welcome.LastSeq;
        if (!_session.TryAttach(this, welcome.LastSeq))
        {
            await CloseAsync(RealtimeProtocol.CloseResyncRequired, "the session cannot continue; reconnect without resume", aborted);
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
            try { await sending; } catch (OperationCanceledException) { } catch (WebSocketException) { }
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
                    _close ??= (RealtimeProtocol.CloseResyncRequired, "this connection fell too far behind; reconnect without resume");
                    break;
                }
                if (batch.Count == 0) break;
                foreach (var frame in batch)
                {
                    await _socket.SendAsync(frame, WebSocketMessageType.Text, true, cancellationToken);
                    _sentUpTo++;
                }
            }
            if (_close is { } close)
            {
                await CloseAsync(close.Code, close.Reason, cancellationToken);
                return;
            }
        }
    }

    private async Task CloseAsync(int code, string reason, CancellationToken cancellationToken)
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            await _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, cancellationToken);
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_options.MaxFrameBytes + 1);
        try
        {
            while (_socket.State == WebSocketState.Open && _close is null)
            {
                var length = 0;
                var type = WebSocketMessageType.Text;
                var complete = false;
                while (!complete && length <= _options.MaxFrameBytes)
                {
                    var received = await _socket.ReceiveAsync(buffer.AsMemory(length, _options.MaxFrameBytes + 1 - length), cancellationToken);
                    if (received.MessageType == WebSocketMessageType.Close) return;
                    type = received.MessageType;
                    length += received.Count;
                    complete = received.EndOfMessage;
                }

                if (length > _options.MaxFrameBytes)
                {
                    _session.SendError(null, RealtimeProtocol.FrameTooLarge, $"a frame is at most {_options.MaxFrameBytes} bytes");
                    RequestClose((int)WebSocketCloseStatus.MessageTooBig, "frame too large");
                    return;
                }
                if (type == WebSocketMessageType.Binary)
                {
                    _session.SendError(null, RealtimeProtocol.MalformedFrame, "frames are JSON text, not binary");
                    continue;
                }
                await HandleFrame(buffer.AsMemory(0, length), cancellationToken);
            }
        }
        catch (WebSocketException) { } // the network went: the session waits for a resume
        catch (OperationCanceledException) { }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task HandleFrame(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
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
        using var lease = _limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            _session.SendError(frame.Ref, RealtimeProtocol.RateLimited,
                $"at most {_options.FramesPerSecond} frames per second (bursts of {_options.FrameBurst}); this one was not executed");
            return;
        }
        await _session.PostAsync(frame, cancellationToken);
    }

    public void Dispose() => _limiter.Dispose();
}
