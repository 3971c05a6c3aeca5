using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Routing.ClientApi.Auth;
using Routing.ClientApi.Errors;
using Routing.ClientApi.Realtime.Protocol;
using Orleans;
using Routing.GrainInterfaces.Events;

namespace Routing.ClientApi.Realtime.Sessions;

/// <summary>
/// One client's session: outlives its connections for the resume window. Every frame it sends gets the next sequence
/// and is kept in a <see cref="ReplayBuffer"/>, so a connection (the first, or one that resumes) is just a reader from a
/// sequence on. Commands, grain events and ticks are handled by one loop, one at a time; topic subscriptions and the
/// handler's state live there. Events keep flowing into the buffer while no connection is attached.
/// </summary>
internal sealed class RealtimeSession : IAsyncDisposable
{
    /// <summary>Most lane commands (see <see cref="IRealtimeRoleHandler.LaneOf"/>) a session runs at once.</summary>
    public const int MaxCommandsInFlight = 64;

    private readonly object _gate = new();
    private readonly ReplayBuffer _replay;
    private readonly Channel<SessionInput> _inbox = Channel.CreateBounded<SessionInput>(
        new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Dictionary<string, (GrainEventSubscription Subscription, Task Pump)> _topics = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly CommandLanes _lanes = new(MaxCommandsInFlight);
    private readonly IRealtimeRoleHandler _handler;
    private readonly RealtimeServices _services;
    private ITimer? _ticks;
    private ITimer? _rechecks;
    private RealtimeConnection? _connection;
    private string _credential;
    private Task _loop = Task.CompletedTask;

    public RealtimeSession(string id, RealtimePrincipal principal, string credential, IRealtimeRoleHandler handler, RealtimeServices services)
    {
        Id = id;
        Principal = principal;
        _credential = credential;
        _handler = handler;
        _services = services;
        _replay = new ReplayBuffer(services.Options.ReplayFrames, services.Options.ReplayBytes);
        DetachedAt = CreatedAt = services.Time.GetUtcNow();
    }

    public DateTimeOffset CreatedAt { get; }

    /// <summary>Whether a connection ever read it (a session created but never connected is abandoned after a grace).</summary>
    public bool EverAttached { get; private set; }

    public string Id { get; }
    public RealtimePrincipal Principal { get; }
    public RealtimeServices Services => _services;
    public IGrainFactory Grains => _services.Grains;
    public JsonSerializerOptions Json => _services.Json;

    /// <summary>When its last connection went (null while one is attached).</summary>
    public DateTimeOffset? DetachedAt { get; private set; }

    /// <summary>Why it cannot continue (events overflowed, credential revoked, start failed, expired); null while it can.</summary>
    public string? LostReason { get; private set; }

    public void Start()
    {
        var every = _services.Options.CredentialRecheckInterval;
        _rechecks = _services.Time.CreateTimer(_ => _inbox.Writer.TryWrite(new SessionInput.Recheck()), null, every, every);
        _loop = Task.Run(RunAsync);
    }

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
    public bool TryAttach(RealtimeConnection connection, long lastSeq, string credential)
    {
        RealtimeConnection? superseded;
        lock (_gate)
        {
            if (LostReason is not null || !_replay.CanReplayAfter(lastSeq)) return false;
            superseded = _connection;
            _connection = connection;
            _credential = credential; // a resume may come with a renewed token
            DetachedAt = null;
            EverAttached = true;
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

    /// <summary>
    /// Closes the attached connection (the silo is stopping) and answers it, or null when none is attached; the client
    /// resumes elsewhere or after the restart.
    /// </summary>
    public RealtimeConnection? CloseConnection(int code, string reason)
    {
        RealtimeConnection? connection;
        lock (_gate) connection = _connection;
        connection?.RequestClose(code, reason);
        return connection;
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
    public void Publish(string topic, IGrainEventPayload payload) => _services.Events.Publish(topic, "client-api/" + Principal.Subject, payload);

    /// <summary>Hands the session something to handle in its loop; dropped when the session is busy beyond its inbox.</summary>
    public void Push(object payload) => _inbox.Writer.TryWrite(new SessionInput.Pushed(payload));

    /// <summary>Starts the periodic tick (idempotent).</summary>
    public void StartTicks(TimeSpan period) =>
        _ticks ??= _services.Time.CreateTimer(_ => _inbox.Writer.TryWrite(new SessionInput.Tick()), null, period, period);

    private async Task PumpAsync(GrainEventSubscription subscription)
    {
        try
        {
            await foreach (var published in subscription.Reader.ReadAllAsync(_stopping.Token))
                await _inbox.Writer.WriteAsync(new SessionInput.Event(published, subscription), _stopping.Token);
        }
        catch (GrainEventOverflowException)
        {
            // The hub dropped this subscriber: the session can no longer tell its client everything. Lost at once (the
            // inbox may be full), then the loop is woken to stop.
            MarkLost("events-overflow", RealtimeProtocol.CloseResyncRequired, "the session fell behind its events; reconnect without resume");
            try { await _inbox.Writer.WriteAsync(new SessionInput.Lost(), _stopping.Token); }
            catch (Exception e) when (e is OperationCanceledException or ChannelClosedException) { }
        }
        catch (OperationCanceledException) { }
        catch (ChannelClosedException) { }
    }

    private async Task RunAsync()
    {
        if (!await Guarded(null, () => _handler.StartAsync(this)))
        {
            // Without its snapshot and subscriptions the session would look alive and show nothing.
            MarkLost("start-failed", (int)System.Net.WebSockets.WebSocketCloseStatus.InternalServerError, "the session could not start; reconnect later");
            return;
        }
        try
        {
            await foreach (var input in _inbox.Reader.ReadAllAsync(_stopping.Token))
            {
                switch (input)
                {
                    case SessionInput.Command command when _handler.LaneOf(command.Frame) is { } lane:
                        await _lanes.StartAsync(lane, () => Execute(command.Frame));
                        break;
                    case SessionInput.Command command:
                        await _lanes.DrainAsync(); // after every command before it, as the client sent them
                        await Execute(command.Frame);
                        break;
                    case SessionInput.Event published when IsCurrent(published):
                        await Guarded(null, () => _handler.OnEventAsync(this, published.Published));
                        break;
                    case SessionInput.Tick:
                        await Guarded(null, () => _handler.OnTickAsync(this));
                        break;
                    case SessionInput.Pushed pushed:
                        await Guarded(null, () => _handler.OnPushedAsync(this, pushed.Payload));
                        break;
                    case SessionInput.Recheck:
                        await RecheckCredential();
                        break;
                    case SessionInput.Lost:
                        return;
                }
                if (LostReason is not null) return;
            }
        }
        catch (OperationCanceledException) { }
        finally
        {
            // The handler's state is the loop's until the commands it started ended too.
            try { await _lanes.DrainAsync(); }
            catch (OperationCanceledException) { }
        }
    }

    /// <summary>Runs a command and answers it with its reply, or an error frame.</summary>
    private Task<bool> Execute(ClientFrame frame) => Guarded(frame.Ref, async () => Send("reply", await Handle(frame), frame.Ref));

    /// <summary>Whether an event came through the topic's current subscription (not one replaced since).</summary>
    private bool IsCurrent(SessionInput.Event published) =>
        _topics.TryGetValue(published.Published.Topic, out var current) && current.Subscription == published.Subscription;

    /// <summary>
    /// Checks the credential now (handler loop only): an operator grain's blocked or removed event does not wait for the
    /// periodic recheck. The session ends when it is no longer valid.
    /// </summary>
    public Task RecheckCredentialNowAsync() => RecheckCredential();

    /// <summary>A revoked key, a rotated signing key, an expired token, a blocked or removed operator ends the session (R25).</summary>
    private async Task RecheckCredential()
    {
        string credential;
        lock (_gate) credential = _credential;
        Credentials.Checked result;
        try { result = await _services.Credentials.CheckAsync(credential); }
        catch (Exception e) when (e is not OperationCanceledException) { return; } // cannot tell now: the next recheck will
        var principal = result.Claims is { } claims
            ? RealtimePrincipal.TryFrom(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(claims)), Principal.WorkspaceId, Principal.Role)
            : null;
        if (principal == Principal) return;
        if (result.FailureCode == ErrorCodes.OperatorBlocked)
            MarkLost("operator-blocked", RealtimeProtocol.CloseOperatorBlocked, "an admin blocked this operator's access");
        else
            MarkLost("credential-revoked", RealtimeProtocol.CloseCredentialRevoked, "the credential is no longer valid; reconnect with a valid one");
    }

    private Task<object?> Handle(ClientFrame frame) =>
        frame.Type == "ping" ? Task.FromResult<object?>(new { at = _services.Time.GetUtcNow() }) : _handler.HandleAsync(this, frame);

    /// <summary>Runs one step; what it throws becomes an error frame, so one bad command never ends the session. True when it ran through.</summary>
    private async Task<bool> Guarded(string? reference, Func<Task> step)
    {
        try
        {
            await step();
            return true;
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
            SendError(reference, ErrorCodes.Error, "the server failed to handle this; retry later");
        }
        return false;
    }

    /// <summary>Ends the session for good: no resume; its connection, if any, is closed with <paramref name="code"/>.</summary>
    private void MarkLost(string reason, int code, string description)
    {
        RealtimeConnection? connection;
        lock (_gate)
        {
            LostReason ??= reason;
            connection = _connection;
        }
        connection?.RequestClose(code, description);
    }

    public async ValueTask DisposeAsync()
    {
        MarkLost("dropped", RealtimeProtocol.CloseResyncRequired, "the session ended; reconnect without resume");
        _ticks?.Dispose();
        _rechecks?.Dispose();
        await _stopping.CancelAsync();
        _inbox.Writer.TryComplete();
        try
        {
            await _loop; // the loop owns _topics until it ended
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _services.Logger.LogError(e, "WebSocket session {SessionId} of {Principal} ended with an error", Id, Principal);
        }
        catch (OperationCanceledException) { }
        _handler.Stopped(this);
        foreach (var (subscription, pump) in _topics.Values)
        {
            subscription.Dispose();
            await pump;
        }
        _topics.Clear();
        _stopping.Dispose();
    }
}
