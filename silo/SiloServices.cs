using Routing.ClientApi;
using Routing.Silo.Configuration;
using Routing.Silo.Dashboard;
using Routing.Silo.Metrics;
using Routing.Silo.Health;
using Routing.Silo.Webhooks;

namespace Routing.Silo;

/// <summary>Registers what the process hosts beside the Orleans silo: the chosen store, the client API and health checks.</summary>
public static class SiloServices
{
    public static IServiceCollection AddSilo(this IServiceCollection services, IConfiguration configuration, SiloSettings settings)
    {
        services.AddSingleton(settings);
        // The host stops hosted services within this time; the silo's stop deactivates every grain in it.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = settings.Silo.ShutdownTimeout);

        // The store is a singleton the silo's grain storage depends on: the container disposes it (flushing queued
        // writes) only once the host stopped the silo, which deactivated every grain.
        var storage = configuration.GetSection(StorageOptions.SectionName);
        if (settings.Storage.IsPostgreSql)
            services.AddPostgreSqlGrainStorage(options => storage.GetSection(nameof(StorageOptions.PostgreSql)).Bind(options));
        else
            services.AddSqliteGrainStorage(options => storage.GetSection(nameof(StorageOptions.Sqlite)).Bind(options));

        services.AddProblemDetails(); // every error answer is RFC 7807 problem details
        services.AddRoutingClientApi(new ClientApiOptions
        {
            BootstrapKey = settings.Auth.BootstrapKey,
            IntakePerCustomer = settings.RateLimits.IntakePerCustomer,
            IntakePerChannelKey = settings.RateLimits.IntakePerChannelKey,
            IntakeWindow = settings.RateLimits.Window,
            Realtime = settings.Realtime,
        });
        services.AddDashboardAuthentication(); // /dashboard and /metrics: the bootstrap key only
        services.AddDomainMetrics();
        services.AddWebhookDelivery(settings.Webhooks); // channel outboxes POST to channel webhooks through it
        services.AddHealthChecks().AddCheck<StorageHealthCheck>(HealthResponseWriter.StorageCheckName);
        return services;
    }
}
