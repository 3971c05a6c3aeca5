using Routing.ClientApi;
using Routing.Grains;
using Routing.Runtime;
using Routing.Silo.Configuration;
using Routing.Silo.Health;
using Routing.Silo.Webhooks;

namespace Routing.Silo;

/// <summary>Registers what the silo hosts: the grain runtime, the chosen storage provider and health checks.</summary>
public static class SiloServices
{
    public static IServiceCollection AddSilo(this IServiceCollection services, IConfiguration configuration, SiloSettings settings)
    {
        services.AddSingleton(settings);
        // The host stops hosted services within this time; the runtime's StopAsync deactivates every grain in it.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = settings.Silo.ShutdownTimeout);

        services.AddGrainRuntime(runtime => runtime
            .AddGrainsFromAssembly(GrainsAssembly.Assembly)
            .AddStateJson(Routing.Grains.State.GrainStateJsonContext.Default)
            .Configure(options => configuration.GetSection(SiloSettings.RuntimeSectionName).Bind(options)));

        // The storage is a singleton the runtime depends on: the container creates it first and so disposes it
        // after the runtime, and only once the host has stopped the runtime (which flushed every grain).
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
            IntakePerRemoteAddress = settings.RateLimits.IntakePerRemoteAddress,
            IntakeWindow = settings.RateLimits.Window,
            Realtime = settings.Realtime,
        });
        services.AddWebhookDelivery(settings.Webhooks); // channel outboxes POST to channel webhooks through it
        services.AddHealthChecks().AddCheck<StorageHealthCheck>(HealthResponseWriter.StorageCheckName);
        return services;
    }
}
