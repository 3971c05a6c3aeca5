using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Routing.ClientApi.Realtime.Sessions;

/// <summary>
/// The silo's WebSocket sessions by id. A session without a connection is kept for the resume window, then dropped by
/// a periodic sweep on the injected clock. Session ids are 128 random bits, and only their principal may resume them.
/// </summary>
internal sealed class RealtimeSessions : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, RealtimeSession> _sessions = new(StringComparer.Ordinal);
    private readonly RealtimeServices _services;
    private readonly ITimer _sweeper;

    public RealtimeSessions(RealtimeServices services)
    {
        _services = services;
        var every = services.Options.SweepInterval;
        _sweeper = services.Time.CreateTimer(_ => _ = SweepAsync(), null, every, every);
    }

    public int Count => _sessions.Count;

    /// <summary>A new session, started; null when the silo holds <see cref="RealtimeOptions.MaxSessions"/> already.</summary>
    public RealtimeSession? Create(RealtimePrincipal principal, IRealtimeRoleHandler handler)
    {
        if (_sessions.Count >= _services.Options.MaxSessions) return null;
        var session = new RealtimeSession(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            principal, handler, _services);
        _sessions[session.Id] = session;
        session.Start();
        return session;
    }

    /// <summary>The session to resume, when it is still kept, belongs to <paramref name="principal"/> and can continue.</summary>
    public RealtimeSession? Find(string id, RealtimePrincipal principal) =>
        _sessions.TryGetValue(id, out var session) && session.Principal == principal && session.LostReason is null ? session : null;

    /// <summary>Drops a session now (its client starts a new one).</summary>
    public async Task DropAsync(RealtimeSession session)
    {
        if (_sessions.TryRemove(new KeyValuePair<string, RealtimeSession>(session.Id, session))) await session.DisposeAsync();
    }

    /// <summary>Drops the sessions whose resume window passed, and lost ones nobody reads any more.</summary>
    public async Task SweepAsync()
    {
        var now = _services.Time.GetUtcNow();
        foreach (var session in _sessions.Values)
            if (session.TryExpire(now, _services.Options.ResumeWindow)) await DropAsync(session);
    }

    public async ValueTask DisposeAsync()
    {
        await _sweeper.DisposeAsync();
        foreach (var session in _sessions.Values) await DropAsync(session);
    }
}
