using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Routing.ClientApi.Realtime.Sessions;

/// <summary>
/// The silo's WebSocket sessions by id (and by principal). A session without a connection is kept for the resume
/// window, then dropped by a periodic sweep on the injected clock. Session ids are 128 random bits, and only their
/// principal may resume them. One principal keeps at most <see cref="RealtimeOptions.MaxSessionsPerPrincipal"/>: a
/// visitor reconnecting in a loop replaces their own sessions instead of filling the silo.
/// </summary>
internal sealed class RealtimeSessions : IRealtimeSessionCount, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, RealtimeSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<RealtimePrincipal, ImmutableList<RealtimeSession>> _byPrincipal = new();
    private readonly RealtimeServices _services;
    private readonly ITimer _sweeper;
    private volatile bool _stopping;

    public RealtimeSessions(RealtimeServices services)
    {
        _services = services;
        var every = services.Options.SweepInterval;
        _sweeper = services.Time.CreateTimer(_ => _ = SweepAsync(), null, every, every);
    }

    public bool IsFull => _sessions.Count >= _services.Options.MaxSessions;

    /// <summary>Sessions this silo holds, connected or waiting for a resume.</summary>
    public int Count => _sessions.Count;

    /// <summary>How long a session may take from creation to its first connection before it counts as abandoned.</summary>
    private static readonly TimeSpan AttachGrace = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A new session, started. At the principal's share its longest-detached session makes room; when all of them are
    /// connected (or just being connected), or the silo is full, null: the client is told to try later.
    /// </summary>
    public async Task<RealtimeSession?> CreateAsync(RealtimePrincipal principal, string credential, IRealtimeRoleHandler handler)
    {
        if (_byPrincipal.TryGetValue(principal, out var own) && own.Count >= _services.Options.MaxSessionsPerPrincipal)
        {
            var now = _services.Time.GetUtcNow();
            // Never a connected tab (it would reconnect and drop the next one, in a loop), nor one still connecting.
            var idle = own.Where(s => s.DetachedAt is not null && (s.EverAttached || now - s.CreatedAt > AttachGrace)).MinBy(s => s.DetachedAt);
            if (idle is null) return null;
            await DropAsync(idle);
        }
        if (IsFull) return null;
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var session = new RealtimeSession(id, principal, credential, handler, _services);
        _sessions[id] = session;
        _byPrincipal.AddOrUpdate(principal, static (_, s) => [s], static (_, list, s) => list.Add(s), session);
        session.Start();
        return session;
    }

    /// <summary>The session to resume, when it is still kept, belongs to <paramref name="principal"/> and can continue.</summary>
    public RealtimeSession? Find(string id, RealtimePrincipal principal) =>
        _sessions.TryGetValue(id, out var session) && session.Principal == principal && session.LostReason is null ? session : null;

    /// <summary>Drops a session now; its connection, if any, is closed.</summary>
    public async Task DropAsync(RealtimeSession session)
    {
        if (!_sessions.TryRemove(new KeyValuePair<string, RealtimeSession>(session.Id, session))) return;
        while (_byPrincipal.TryGetValue(session.Principal, out var list))
        {
            var updated = list.Remove(session);
            if (updated.IsEmpty ? _byPrincipal.TryRemove(new KeyValuePair<RealtimePrincipal, ImmutableList<RealtimeSession>>(session.Principal, list))
                                : _byPrincipal.TryUpdate(session.Principal, updated, list)) break;
        }
        await session.DisposeAsync();
    }

    /// <summary>Drops the sessions whose resume window passed, and lost ones nobody reads any more.</summary>
    public async Task SweepAsync()
    {
        var now = _services.Time.GetUtcNow();
        foreach (var session in _sessions.Values)
            if (session.TryExpire(now, _services.Options.ResumeWindow)) await DropAsync(session);
    }

    /// <summary>True once the silo started stopping: a new connection is closed with 1001 at once.</summary>
    public bool IsStopping => _stopping;

    /// <summary>
    /// Closes every connection with 1001 when the silo starts stopping, so WebSocket requests end well before the host's
    /// shutdown timeout and the grain runtime, stopped after the web server, gets its time. A connection whose client
    /// does not read (its send is stuck behind a full receive window) or never answers the close is aborted once
    /// <see cref="RealtimeOptions.CloseTimeout"/> passed: the stop never waits for a client.
    /// </summary>
    public async Task CloseAllConnectionsAsync()
    {
        _stopping = true;
        // Armed before any close is requested: whoever sees a 1001 knows the timeout runs.
        using var timeout = new CancellationTokenSource(_services.Options.CloseTimeout, _services.Time);
        var closing = CloseEveryConnection();
        // A session nobody is connected to waits for a resume that cannot come to a stopping silo: it ends now, so it no
        // longer reacts to events (which calls grains) while the grain runtime stops. A connected one ends with its request.
        foreach (var session in _sessions.Values)
            if (session.DetachedAt is not null) await DropAsync(session);
        try
        {
            await Task.WhenAll(closing.Select(c => c.Ended)).WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Again from the sessions, not from the list above: a connection that attached meanwhile is cut off too.
            var stuck = CloseEveryConnection().Where(c => !c.Ended.IsCompleted).ToList();
            foreach (var connection in stuck) connection.Abort();
            if (stuck.Count > 0)
                _services.Logger.LogWarning("Aborted {Count} WebSocket connections whose clients did not take the close (1001) within {CloseTimeout}",
                    stuck.Count, _services.Options.CloseTimeout);
        }
    }

    private List<RealtimeConnection> CloseEveryConnection() =>
        _sessions.Values.Select(s => s.CloseConnection(Protocol.RealtimeProtocol.CloseGoingAway, "the silo is stopping"))
            .OfType<RealtimeConnection>().ToList();

    public async ValueTask DisposeAsync()
    {
        await _sweeper.DisposeAsync();
        foreach (var session in _sessions.Values) await DropAsync(session);
    }
}
