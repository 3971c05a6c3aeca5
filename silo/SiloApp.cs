using Routing.ClientApi;
using Routing.Silo.Configuration;
using Routing.Silo.Dashboard;
using Routing.Silo.Metrics;
using Routing.Silo.Endpoints;
using Routing.Silo.Hosting;
using Routing.Silo.Logging;
using Serilog;

namespace Routing.Silo;

/// <summary>
/// Builds the silo's web application from arguments, configuration files and ROUTING_* variables. Program runs it;
/// tests build, start and stop it in-process (e.g. with --Urls=http://127.0.0.1:0 and a temporary database).
/// </summary>
public static class SiloApp
{
    /// <summary>Builds a silo ready to start. Throws <see cref="SiloConfigurationException"/> when the configuration is unusable.</summary>
    public static WebApplication Build(string[] args) => Build(CreateBuilder(args));

    /// <summary>Maps the endpoints on a builder from <see cref="CreateBuilder"/> (callers may change its services first).</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.UseSerilogRequestLogging(options => RequestLog.Configure(options, app.Services.GetRequiredService<Serilog.ILogger>()));
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOperationsEndpoints();
        app.UseRoutingClientApi(); // authentication, authorization, rate limits, /v1 and /openapi/v1.json
        app.MapDashboard(); // the Orleans Dashboard at /dashboard, behind the bootstrap key
        app.MapMetrics(); // Prometheus at /metrics, behind the bootstrap key
        var settings = app.Services.GetRequiredService<SiloSettings>();
        WarnAboutUnknownVariables(app.Logger);
        app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
            "Silo ready on {Urls} with {Storage}", string.Join(", ", app.Urls), settings.Storage.Describe()));
        return app;
    }

    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        // appsettings.json is found next to the binaries; relative data paths stay relative to the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables(SiloSettings.EnvironmentPrefix);
        builder.Configuration.AddCommandLine(args); // arguments still win over ROUTING_* variables

        var settings = SiloSettings.Load(builder.Configuration);

        // Serilog writes the console and the file itself. A provider a host adds after this (a load test's counter) still
        // gets every event; the static Log.Logger stays untouched, as tests run several silos in one process.
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(logger => SiloLogger.Configure(logger, settings.Logging), preserveStaticLogger: true, writeToProviders: true);
        if (!HasConfiguredAddress(builder.Configuration)) builder.WebHost.UseUrls(SiloOptions.DefaultUrl);
        builder.Services.AddSilo(builder.Configuration, settings);
        builder.UseOrleans(silo => OrleansSiloConfiguration.Configure(silo, settings));
        return builder;
    }

    private static void WarnAboutUnknownVariables(Microsoft.Extensions.Logging.ILogger logger)
    {
        var routingVariables = new ConfigurationBuilder().AddEnvironmentVariables(SiloSettings.EnvironmentPrefix).Build();
        foreach (var key in SiloSettings.UnknownRootKeys(routingVariables))
            logger.LogWarning("Environment variables {Prefix}{Key}* name no silo setting and are ignored; the silo reads {Sections}",
                SiloSettings.EnvironmentPrefix, key, string.Join(", ", SiloSettings.RootKeys));
    }

    private static bool HasConfiguredAddress(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["urls"]) || !string.IsNullOrEmpty(configuration["http_ports"]) ||
        !string.IsNullOrEmpty(configuration["https_ports"]);
}
