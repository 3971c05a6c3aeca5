namespace Routing.ClientApi.Realtime;

/// <summary>Bounds of the WebSocket sessions (Realtime:* in the silo's configuration).</summary>
public sealed class RealtimeOptions
{
    /// <summary>How long a disconnected session is kept for its client to resume it.</summary>
    public TimeSpan ResumeWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The most frames a session keeps for a resume (and the most a slow reader may fall behind).</summary>
    public int ReplayFrames { get; set; } = 2048;

    /// <summary>The most bytes of frames a session keeps for a resume.</summary>
    public long ReplayBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest client frame accepted; larger ones close the connection (1009).</summary>
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    /// <summary>Client frames one connection may send per second, with <see cref="FrameBurst"/> in one go.</summary>
    public int FramesPerSecond { get; set; } = 20;
    public int FrameBurst { get; set; } = 40;

    /// <summary>The most sessions (connected or waiting for a resume) one silo keeps.</summary>
    public int MaxSessions { get; set; } = 200_000;

    /// <summary>WebSocket pings, so a dead network is noticed and the session waits for its resume.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(20);
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// When the silo stops, how long a connection may take to write its pending frames and the close (1001) and to get
    /// the client's answer; a client that does not read or answer is then cut off (the socket aborted).
    /// </summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a waiting customer's queue position and expected wait are refreshed (sent only when changed).</summary>
    public TimeSpan QueueRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often a supervisor gets the queues that changed (coalesced: a busy queue changes many times a second), and the
    /// least time between two asks of an operator session's Incoming after queue changes.
    /// </summary>
    public TimeSpan QueueBoardInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often an open session checks its credential again (revoked keys, rotated signing keys, expired tokens).</summary>
    public TimeSpan CredentialRecheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The most sessions one principal (an operator, a customer, a supervisor key) keeps; a new one drops its oldest.</summary>
    public int MaxSessionsPerPrincipal { get; set; } = 8;

    /// <summary>The most dialogs one supervisor session monitors or joins at once.</summary>
    public int MaxMonitored { get; set; } = 50;

    /// <summary>How often sessions past their resume window are dropped.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    public string? Problem() =>
        ResumeWindow < TimeSpan.Zero ? "ResumeWindow must not be negative"
        : ReplayFrames < 16 ? "ReplayFrames must be at least 16"
        : ReplayBytes < 64 * 1024 ? "ReplayBytes must be at least 65536"
        : MaxFrameBytes < 1024 ? "MaxFrameBytes must be at least 1024"
        : FramesPerSecond < 1 || FrameBurst < 1 ? "FramesPerSecond and FrameBurst must be at least 1"
        : MaxSessions < 1 || MaxSessionsPerPrincipal < 1 || MaxMonitored < 1 ? "MaxSessions, MaxSessionsPerPrincipal and MaxMonitored must be at least 1"
        : CredentialRecheckInterval <= TimeSpan.Zero ? "CredentialRecheckInterval must be positive"
        : CloseTimeout <= TimeSpan.Zero ? "CloseTimeout must be positive"
        : QueueRefreshInterval <= TimeSpan.Zero || QueueBoardInterval <= TimeSpan.Zero || SweepInterval <= TimeSpan.Zero ? "QueueRefreshInterval, QueueBoardInterval and SweepInterval must be positive"
        : null;
}
