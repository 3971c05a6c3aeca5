namespace Routing.ClientApi.Realtime.Protocol;

/// <summary>
/// The WebSocket protocol's name, version and close codes (documented in client-api/REALTIME.md; error codes: ErrorCodes).
/// A client asks for <see cref="SubProtocol"/> in Sec-WebSocket-Protocol; a later incompatible version gets a new name.
/// </summary>
public static class RealtimeProtocol
{
    public const string SubProtocol = "routing.v1";
    public const int Version = 1;

    /// <summary>Close code: this session cannot continue (its replay window was exceeded); reconnect without resume.</summary>
    public const int CloseResyncRequired = 4000;

    /// <summary>Close code: another connection resumed this session.</summary>
    public const int CloseSuperseded = 4001;

    /// <summary>Close code: the credential was revoked, rotated away or expired; reconnect with a valid one (no resume).</summary>
    public const int CloseCredentialRevoked = 4003;

    /// <summary>Close code: an admin blocked this operator's access (issue 15); no reconnect succeeds until they are unblocked.</summary>
    public const int CloseOperatorBlocked = 4004;

    /// <summary>Close code: the silo is stopping. Sessions live in the silo's memory: after a restart a resume gets a fresh snapshot.</summary>
    public const int CloseGoingAway = 1001;
}
