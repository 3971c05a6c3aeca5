using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Orleans.Dashboard;

namespace Routing.Silo.Dashboard;

/// <summary>The Orleans Dashboard at <see cref="Path"/>, open to the bootstrap key only (<see cref="DashboardAuthenticationHandler"/>).</summary>
public static class DashboardEndpoints
{
    public const string Path = "/dashboard";

    /// <summary>The bootstrap key only: the dashboard, and the metrics (they name workspaces and departments).</summary>
    internal static readonly AuthorizationPolicy OpsOnly = new AuthorizationPolicyBuilder(DashboardAuthenticationHandler.SchemeName)
        .RequireAuthenticatedUser().Build();

    public static IServiceCollection AddDashboardAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, DashboardAuthenticationHandler>(DashboardAuthenticationHandler.SchemeName, null);
        return services;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOrleansDashboard(routePrefix: Path).RequireAuthorization(OpsOnly).ExcludeFromDescription();
        return endpoints;
    }
}
