using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using System.Net.WebSockets;
using Routing.ClientApi.Auth;
using Routing.ClientApi.Errors;
using Routing.ClientApi.Realtime.Protocol;
using Routing.ClientApi.Realtime.Roles;
using Routing.ClientApi.Realtime.Sessions;

namespace Routing.ClientApi.Realtime;

/// <summary>
/// GET /v1/workspaces/{ws}/ws/{customer|operator|supervisor}: the WebSocket of each role (client-api/REALTIME.md).
/// <c>?resume={sessionId}&amp;lastSeq={n}</c> resumes a session within its window; otherwise a new one starts from a
/// snapshot. Browsers pass their token as <c>?access_token=</c>.
/// </summary>
internal static class RealtimeEndpoints
{
    public const int MaxSessionIdLength = 64;

    public static void Map(RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/workspaces/{ws}/ws").WithTags("WebSocket")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(503);
        foreach (var (role, policy, summary) in new[]
                 {
                     (RealtimeRole.Customer, ApiClaims.CustomerPolicy, "The site widget's WebSocket (customer token)"),
                     (RealtimeRole.Operator, ApiClaims.OperatorPolicy, "An operator's WebSocket (operator token)"),
                     (RealtimeRole.Supervisor, ApiClaims.SupervisorPolicy, "A supervisor's WebSocket (supervisor or admin key)"),
                 })
            group.MapGet("/" + role.ToString().ToLowerInvariant(), (HttpContext http, string ws, string? resume, long? lastSeq) => Connect(http, ws, role, resume, lastSeq))
                .RequireAuthorization(policy).WithSummary(summary);
    }

    /// <summary>Serves client-api/REALTIME.md, embedded at build time, so the running engine documents its own protocol.</summary>
    public static void MapDocumentation(IEndpointRouteBuilder app)
    {
        using var stream = typeof(RealtimeEndpoints).Assembly.GetManifestResourceStream("REALTIME.md")
            ?? throw new InvalidOperationException("REALTIME.md is not embedded");
        var markdown = new StreamReader(stream).ReadToEnd();
        app.MapGet("/docs/websocket-protocol", () => Results.Text(markdown, "text/markdown; charset=utf-8")).ExcludeFromDescription();
    }

    private static async Task Connect(HttpContext http, string ws, RealtimeRole role, string? resume, long? lastSeq)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await ApiProblem.Write(http, 400, ErrorCodes.WebSocketRequired, "this endpoint speaks WebSocket only (an Upgrade request)");
            return;
        }
        var requested = http.WebSockets.WebSocketRequestedProtocols;
        if (requested.Count > 0 && !requested.Contains(RealtimeProtocol.SubProtocol))
        {
            await ApiProblem.Write(http, 400, ErrorCodes.UnsupportedProtocol, $"this server speaks {RealtimeProtocol.SubProtocol}");
            return;
        }
        if (resume is { Length: 0 or > MaxSessionIdLength } || lastSeq is < 0 || (resume is null) != (lastSeq is null))
        {
            await ApiProblem.Write(http, 400, ErrorCodes.InvalidRequest, "resume (a session id) and lastSeq (>= 0) come together");
            return;
        }

        var services = http.RequestServices.GetRequiredService<RealtimeServices>();
        var sessions = http.RequestServices.GetRequiredService<RealtimeSessions>();
        if (resume is null && sessions.IsFull)
        {
            await ApiProblem.Write(http, 503, ErrorCodes.TooManySessions, "this silo holds as many WebSocket sessions as it may; retry later");
            return;
        }
        var principal = RealtimePrincipal.From(http.User, ws, role);
        var credential = (string)http.Items[ApiKeyAuthenticationHandler.CredentialItem]!;

        var options = services.Options;
        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = requested.Count > 0 ? RealtimeProtocol.SubProtocol : null,
            KeepAliveInterval = options.KeepAliveInterval,
            KeepAliveTimeout = options.KeepAliveTimeout,
        });
        if (sessions.IsStopping)
        {
            await socket.CloseOutputAsync((WebSocketCloseStatus)RealtimeProtocol.CloseGoingAway, "the silo is stopping", http.RequestAborted);
            return;
        }
        // Only now, once the upgrade succeeded, is a session created (its start calls grains and subscribes).
        var (session, resumeFailed) = await Open(sessions, principal, credential, resume, lastSeq ?? 0);
        if (session is null)
        {
            await socket.CloseOutputAsync((WebSocketCloseStatus)1013, "too many sessions (this principal's or the silo's); retry later", http.RequestAborted);
            return;
        }
        using var connection = new RealtimeConnection(socket, session, options);
        var resumed = resumeFailed is null && resume is not null;
        var welcome = new Welcome(RealtimeProtocol.SubProtocol, RealtimeProtocol.Version, session.Id, resumed, resumeFailed,
            resumed ? lastSeq!.Value : 0, options.ResumeWindow.TotalSeconds, role.ToString().ToLowerInvariant(), ws);
        await connection.RunAsync(welcome, credential, services.Json, http.RequestAborted);
        // A stopping silo's session cannot be resumed: it ends with this request, which the web server's stop waits for,
        // so it no longer reacts to events (which calls grains) once the grain runtime stops after the web server.
        if (sessions.IsStopping) await sessions.DropAsync(session);
    }

    /// <summary>The session to resume, or a new one and why the resume failed (the old one is left to its window).</summary>
    private static async Task<(RealtimeSession? Session, string? ResumeFailed)> Open(RealtimeSessions sessions, RealtimePrincipal principal,
        string credential, string? resume, long lastSeq)
    {
        string? failed = null;
        if (resume is not null)
        {
            if (sessions.Find(resume, principal) is not { } kept) failed = "unknown-or-expired";
            else if (!kept.CanResumeAfter(lastSeq)) failed = "missed-too-much";
            else return (kept, null);
        }
        return (await sessions.CreateAsync(principal, credential, NewHandler(principal.Role)), failed);
    }

    private static IRealtimeRoleHandler NewHandler(RealtimeRole role) => role switch
    {
        RealtimeRole.Customer => new CustomerHandler(),
        RealtimeRole.Operator => new OperatorHandler(),
        _ => new SupervisorHandler(),
    };
}
