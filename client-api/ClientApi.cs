using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.OpenApi;
using Routing.ClientApi.WebClients;
using Routing.ClientApi.Auth;
using Routing.ClientApi.Endpoints;
using Routing.ClientApi.Errors;
using Routing.GrainInterfaces;

namespace Routing.ClientApi;

/// <summary>Registers and maps the REST API (/v1) and its OpenAPI description (/openapi/v1.json). The silo calls both.</summary>
public static class ClientApi
{
    public static IServiceCollection AddRoutingClientApi(this IServiceCollection services, ClientApiOptions options)
    {
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AccessTokens>();
        services.AddSingleton<Credentials>();
        services.AddSingleton<IntakeRateLimiter>();
        services.AddSingleton<Operations.SupervisorOperations>();
        services.AddSingleton<Operations.OperatorOperations>();
        services.AddSingleton<Operations.IntakeOperations>();
        services.AddSingleton<Operations.CustomerCardOperations>();
        services.AddSingleton<Operations.IncomingOperations>();
        services.AddSingleton<Operations.CallbackOperations>();
        services.AddSingleton<Realtime.Queues.QueuePositionBoard>();
        services.AddSingleton<Realtime.Live.LiveStatsBoard>();
        services.AddSingleton<Realtime.RealtimeServices>();
        services.AddSingleton<Realtime.Sessions.RealtimeSessions>();
        services.AddSingleton<Realtime.Sessions.IRealtimeSessionCount>(sp => sp.GetRequiredService<Realtime.Sessions.RealtimeSessions>());
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddUrlLengthLimit();
        // Malformed bodies throw BadHttpRequestException, which ApiExceptionHandler answers with problem details.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Enums by name only ("chat", "leastLoaded"): a number or an unknown name is a malformed request. Numbers as
        // numbers only: the web defaults read "2" as 2, and OpenAPI then types every integer as integer-or-string.
        // The WebSocket binds its frames with these options too (RealtimeServices.Json).
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            // A constructor parameter without a default is required: absent, it is a malformed request naming it, never a
            // default. OpenAPI marks the same parameters required, so the document and the binder agree by construction.
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
        });
        // Every problem carries a stable code, including the framework's own (404 of an unknown path, 405 ...).
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            if (!context.ProblemDetails.Extensions.ContainsKey(ApiProblem.CodeExtension))
                context.ProblemDetails.Extensions[ApiProblem.CodeExtension] = ApiProblem.CodeFor(context.ProblemDetails.Status);
        });

        services.AddAuthentication(ApiClaims.Scheme).AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiClaims.Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiClaims.BootstrapPolicy, p => p.RequireAuthenticatedUser().RequireClaim(ApiClaims.Scope, ApiClaims.BootstrapScope))
            .AddPolicy(ApiClaims.AdminPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new WorkspaceScopeRequirement(Scope(ApiKeyScope.Admin))))
            .AddPolicy(ApiClaims.ChannelPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new WorkspaceScopeRequirement(Scope(ApiKeyScope.Channel))))
            .AddPolicy(ApiClaims.SupervisorPolicy, p => p.RequireAuthenticatedUser()
                .AddRequirements(new WorkspaceScopeRequirement(Scope(ApiKeyScope.Supervisor), Scope(ApiKeyScope.Admin))))
            // Signed tokens (R25): an operator's console and a site widget's visitor, each in its own workspace only.
            .AddPolicy(ApiClaims.OperatorPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new WorkspaceScopeRequirement(ApiClaims.OperatorScope)))
            .AddPolicy(ApiClaims.CustomerPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new WorkspaceScopeRequirement(ApiClaims.CustomerScope)))
            .AddPolicy(ApiClaims.CustomerDataPolicy, p => p.RequireAuthenticatedUser()
                .AddRequirements(new WorkspaceScopeRequirement(Scope(ApiKeyScope.Channel), Scope(ApiKeyScope.Admin))))
            .AddPolicy(WorkspaceCallerPolicy.Name, p => p.RequireAuthenticatedUser().AddRequirements(new WorkspaceScopeRequirement(WorkspaceCallerPolicy.Scopes)));
        services.AddSingleton<IAuthorizationHandler>(new WorkspaceScopeRequirement());

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Runs after authorization: intake needs a channel key, whose id is the partition.
            limiter.AddPolicy(IntakeEndpoints.ChannelKeyPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                $"{http.User.FindFirst(ApiClaims.Workspace)?.Value}/{http.User.FindFirst(ApiClaims.KeyId)?.Value}",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.IntakePerChannelKey, Window = options.IntakeWindow, QueueLimit = 0, AutoReplenishment = true,
                }));
            limiter.OnRejected = (context, _) => new ValueTask(IntakeRateLimiter.Rejection(context.Lease, "this channel key sent too many requests; retry later")
                .ExecuteAsync(context.HttpContext));
        });

        services.AddReferenceClientPages();
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Routing engine API";
            document.Info.Description = "Authenticate with Authorization: Bearer <key>. Errors are RFC 7807 problem details with a stable `code`.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer" };
            // Every operation described needs it: the document covers /v1 only (/health, /stats/grains and itself need no key).
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>Authentication, authorization and rate limiting, then the endpoints. Call after UseExceptionHandler.</summary>
    public static WebApplication UseRoutingClientApi(this WebApplication app)
    {
        app.UseUrlLengthLimit();
        app.UseReferenceClientPages(); // the landing page, chat widget, operator console and wallboard (wwwroot)
        // Before authentication: it must know a WebSocket upgrade to accept access_token from the query.
        app.UseWebSockets();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapOpenApi(); // GET /openapi/v1.json, public: it describes the API, not any workspace's data
        Realtime.RealtimeEndpoints.MapDocumentation(app); // GET /docs/websocket-protocol, public likewise
        app.MapApiReference(); // GET /docs/api: the OpenAPI document in an interactive viewer
        var v1 = app.MapGroup("/v1");
        WorkspaceEndpoints.Map(v1);
        AdminEndpoints.Map(v1);
        AdministrationEndpoints.Map(v1);
        WidgetSettingsEndpoints.Map(v1);
        TimeZoneEndpoints.Map(v1);
        IntakeEndpoints.Map(v1);
        SupervisorEndpoints.Map(v1);
        StatisticsEndpoints.Map(v1);
        SearchEndpoints.Map(v1);
        TemplateEndpoints.Map(v1);
        WebhookEndpoints.Map(v1);
        TokenEndpoints.Map(v1);
        OperatorEndpoints.Map(v1);
        CustomerCardEndpoints.Map(v1);
        IncomingEndpoints.Map(v1);
        CallbackEndpoints.Map(v1);
        Realtime.RealtimeEndpoints.Map(v1);
        var sessions = app.Services.GetRequiredService<Realtime.Sessions.RealtimeSessions>();
        // Before the web server's stop waits for requests: it then waits at most Realtime:CloseTimeout for WebSockets.
        app.Lifetime.ApplicationStopping.Register(() => _ = sessions.CloseAllConnectionsAsync());
        return app;
    }

    private static string Scope(ApiKeyScope scope) => scope.ToString().ToLowerInvariant();
}
