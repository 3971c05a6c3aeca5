using System.Text.Json.Serialization;

namespace Routing.ClientApi.Realtime.Protocol;

/// <summary>
/// One frame the server sends. <see cref="Seq"/> numbers every frame of a session from 1 with no gaps (0 and absent on
/// the connection's own <c>welcome</c>): a client that reconnects names the last one it saw and gets the rest.
/// <see cref="Ref"/> echoes the client frame a <c>reply</c> or <c>error</c> answers.
/// </summary>
public sealed record ServerFrame(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long Seq,
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Ref = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Data = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Code = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail = null);

/// <summary>The first frame of every connection: protocol, session, and whether it resumed.</summary>
public sealed record Welcome(string Protocol, int Version, string SessionId, bool Resumed, string? ResumeFailed, long LastSeq,
    double ResumeWindowSeconds, string Role, string WorkspaceId);
