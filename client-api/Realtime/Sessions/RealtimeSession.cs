using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Routing.ClientApi.Errors;
using Routing.ClientApi.Realtime.Protocol;
using Routing.Runtime;
using Routing.Runtime.Events;

namespace Routing.ClientApi.Realtime.Sessions;

/// <summary>
/// One client's session: outlives its connections for the resume window. Every frame it sends gets the next sequence
/// and is kept in a <see cref="ReplayBuffer"/>, so a connection (the first, or one that resumes) is just a reader from a
/// sequence on. Commands, grain events and ticks are handled by one loop, one at a time; topic subscriptions and the
/// handler's state live there. Events keep flowing into the buffer while no connection is attached.
/// </summary>
internal sealed class RealtimeSession : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly ReplayBuffer _replay;
    private readonly Channel<SessionInput> _inbox = Channel.CreateBounded<SessionInput>(
        new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Dictionary<string, (GrainEventSubscription Subscription, Task Pump)> _topics = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly IRealtimeRoleHandler _handler;
    private readonly RealtimeServices _services;
    private ITimer? _ticks;
    private RealtimeConnection? _connection;
    private Task _loop = Task.CompletedTask;

    public RealtimeSession(string id, RealtimePrincipal principal, IRealtimeRoleHandler handler, RealtimeServices services)
    {
        Id = id;
        Principal = principal;
        _handler = handler;
        _services = services;
        _replay = new ReplayBuffer(services.Options.ReplayFrames, services.Options.ReplayBytes);
        DetachedAt = services.Time.GetUtcNow();
    }

    public string Id { get; }
    public RealtimePrincipal Principal { get; }
    public RealtimeServices Services => _services;
    public IGrainFactory Grains => _services.Grains;
    public JsonSerializerOptions Json => _services.Json;

    /// <summary>When its last connection went (null while one is attached).</summary>
    public DateTimeOffset? DetachedAt { get; private set; }

    /// <summary>Why it cannot continue (events overflowed); null while it can.</summary>
    public string? LostReason { get; private set; }

    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Sends a frame: the next sequence, kept for replay, written by the attached connection if any.</summary>
    public void Send(string type, object? data = null, string? reference = null) =>
        Append(new ServerFrame(0, type, reference, data));

    public void SendError(string? reference, string code, string detail) =>
        Append(new ServerFrame(0, "error", reference, Code: code, Detail: detail));

    private void Append(ServerFrame frame)
    {
        RealtimeConnection? connection;
        lock (_gate)
        {
            _replay.Append(seq => JsonSerializer.SerializeToUtf8Bytes(frame with { Seq = seq }, Json));
            connection = _connection;
        }
        connection?.Signal();
    }

    /// <summary>Frames after <paramref name="seq"/> for a connection to write; false when some are gone (it must resync).</summary>
    public bool TryRead(long seq, List<byte[]> into)
    {
        lock (_gate) return _replay.TryRead(seq, 64, into);
    }

    /// <summary>Whether a client that saw up to <paramref name="lastSeq"/> can resume (nothing after it was dropped).</summary>
    public bool CanResumeAfter(long lastSeq)
    {
        lock (_gate) return LostReason is null && _replay.CanReplayAfter(lastSeq);
    }

    /// <summary>
    /// Makes <paramref name="connection"/> the session's reader from <paramref name="lastSeq"/> on; a connection attached
    /// before is closed as superseded. False when frames after <paramref name="lastSeq"/> are gone.
    /// </summary>
    public bool TryAttach(RealtimeConnection connection, long lastSeq)
    {
        RealtimeConnection? superseded;
        lock (_gate)
        {
            if (LostReason is not null || !_replay.CanReplayAfter(lastSeq)) return false;
            superseded = _connection;
            _connection = connection;
            DetachedAt = null;
        }
        superseded?.RequestClose(RealtimeProtocol.CloseSuperseded, "another connection resumed this session");
        connection.Signal();
        return true;
    }

    /// <summary>Ends a session detached for <paramref name="window"/> or lost; true when it must be dropped (no attach after).</summary>
    public bool TryExpire(DateTimeOffset now, TimeSpan window)
    {
        lock (_gate)
        {
            if (DetachedAt is not { } since || (since + window > now && LostReason is null)) return false;
            LostReason ??= "expired";
            return true;
        }
    }

    public void Detach(RealtimeConnection connection)
    {
        lock (_gate)
        {
            if (_connection != connection) return;
            _connection = null;
            DetachedAt = _services.Time.GetUtcNow();
        }
    }

    /// <summary>Queues a client's command (waits when the session is busy: backpressure to that client).</summary>
    public ValueTask PostAsync(ClientFrame frame, CancellationToken cancellationToken) =>
        _inbox.Writer.WriteAsync(new SessionInput.Command(frame), cancellationToken);

    public bool IsSubscribed(string topic) => _topics.ContainsKey(topic);

    /// <summary>Starts receiving a topic's events (handler loop only). Idempotent.</summary>
    public void Subscribe(string topic)
    {
        if (_topics.ContainsKey(topic)) return;
        var subscription = _services.Events.Subscribe(topic);
        _topics[topic] = (subscription, Task.Run(() => PumpAsync(subscription)));
    }

    public void Unsubscribe(string topic)
    {
        if (_topics.Remove(topic, out var entry)) entry.Subscription.Dispose();
    }

    /// <summary>Publishes an event no grain stores (typing), to the subscribers of a topic.</summary>
    public void Publish(string topic, object payload) => _services.Events.Publish(topic, new GrainId("client-api", Principal.Subject), payload);

    /// <summary>Starts the periodic tick (idempotent).</summary>
    public void StartTicks(TimeSpan period) =>
        _ticks ??= _services.Time.CreateTimer(_ => _inbox.Writer.TryWrite(new SessionInput.Tick()), null, period, period);

    private async Task PumpAsync(GrainEventSubscription subscription)
    {
        try
        {
            await foreach (var published in subscription.Reader.ReadAllAsync(_stopping.Token))
                await _inbox.Writer.WriteAsync(new SessionInput.Event(published), _stopping.Token);
        }
        catch (GrainEventOverflowException)
        {
            _inbox.Writer.TryWrite(new SessionInput.Lost("events-overflow"));
        }
        catch (OperationCanceledException) { }
        catch (ChannelClosedException) { }
    }

    private async Task RunAsync()
    {
        await Guarded(null, () => _handler.StartAsync(this));
        try
        {
            await foreach (var input in _inbox.Reader.ReadAllAsync(_stopping.Token))
            {
                switch (input)
                {
                    case SessionInput.Command command:
                        await Guarded(command.Frame.Ref, async () => Send("reply", await Handle(command.Frame), command.Frame.Ref));
                        break;
                    case SessionInput.Event published:
                        if (_topics.ContainsKey(published.Published.Topic)) await Guarded(null, () => _handler.OnEventAsync(this, published.Published));
                        break;
                    case SessionInput.Tick:
                        await Guarded(null, () => _handler.OnTickAsync(this));
                        break;
                    case SessionInput.Lost lost:
                        MarkLost(lost.Reason);
                        return;
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    private Task<object?> Handle(ClientFrame frame) =>
        frame.Type == "ping" ? Task.FromResult<object?>(new { at = _services.Time.GetUtcNow() }) : _handler.HandleAsync(this, frame);

    /// <summary>Runs one step; what it throws becomes an error frame, so one bad command never ends the session.</summary>
    private async Task Guarded(string? reference, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (RealtimeFrameException refused)
        {
            SendError(refused.Ref ?? reference, refused.Code, refused.Message);
        }
        catch (Exception e) when (ApiErrors.Classify(e) is { } classified)
        {
            SendError(reference, classified.Code, classified.Detail);
        }
        catch (Exception e)
        {
            _services.Logger.LogError(e, "WebSocket session {SessionId} of {Principal} failed a step", Id, Principal);
            SendError(reference, ApiProblem.Error, "the server failed to handle this; retry later");
        }
    }

    private void MarkLost(string reason)
    {
        RealtimeConnection? connection;
        lock (_gate)
        {
            LostReason = reason;
            connection = _connection;
        }
        connection?.RequestClose(RealtimeProtocol.CloseResyncRequired, "the session fell behind its events; reconnect without resume");
    }

    public async ValueTask DisposeAsync()
    {
        _ticks?.Dispose();
        await _stopping.CancelAsync();
        _inbox.Writer.TryComplete();
        try { await _loop; } catch (OperationCanceledException) { } // the loop owns _topics until it ended
        foreach (var (subscription, pump) in _topics.Values)
        {
            subscription.Dispose();
            await pump;
        }
        _topics.Clear();
        _stopping.Dispose();
    }
}
