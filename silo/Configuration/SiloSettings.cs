using Routing.ClientApi.Realtime;
using Routing.Grains.Webhooks;

namespace Routing.Silo.Configuration;

/// <summary>
/// Every setting of the silo, bound from configuration and checked before anything starts. Binding is strict:
/// a key inside a known section that matches no option (a typo) is an error, never silently ignored.
/// </summary>
public sealed class SiloSettings
{
    public const string RealtimeSectionName = "Realtime";
    public const string WebhooksSectionName = "Webhooks";

    /// <summary>Environment variables with this prefix are configuration keys ("__" separates sections).</summary>
    public const string EnvironmentPrefix = "ROUTING_";

    /// <summary>Top-level keys the silo understands: its sections plus ASP.NET Core's Urls.</summary>
    public static readonly IReadOnlyList<string> RootKeys =
        [SiloOptions.SectionName, StorageOptions.SectionName, ClusterOptions.SectionName, RuntimeOptions.SectionName, LoggingOptions.SectionName, AuthOptions.SectionName,
         RateLimitOptions.SectionName, RealtimeSectionName, WebhooksSectionName, "Urls"];

    public SiloOptions Silo { get; } = new();

    public StorageOptions Storage { get; } = new();

    /// <summary>How silos sharing a PostgreSQL database form one cluster.</summary>
    public ClusterOptions Cluster { get; } = new();

    public RuntimeOptions Runtime { get; } = new();

    public LoggingOptions Logging { get; } = new();

    public AuthOptions Auth { get; } = new();

    public RateLimitOptions RateLimits { get; } = new();

    /// <summary>The WebSocket sessions' bounds (resume window, replay size, frame limits).</summary>
    public RealtimeOptions Realtime { get; } = new();

    /// <summary>How channel outboxes deliver to channel webhooks (retries, give-up age, concurrency).</summary>
    public WebhookDeliveryOptions Webhooks { get; } = new();

    /// <summary>Binds and validates; throws <see cref="SiloConfigurationException"/> listing every problem found.</summary>
    public static SiloSettings Load(IConfiguration configuration)
    {
        var settings = new SiloSettings();
        var errors = new List<string>();
        Bind(configuration, SiloOptions.SectionName, settings.Silo, errors);
        Bind(configuration, StorageOptions.SectionName, settings.Storage, errors);
        Bind(configuration, ClusterOptions.SectionName, settings.Cluster, errors);
        Bind(configuration, RuntimeOptions.SectionName, settings.Runtime, errors);
        Bind(configuration, LoggingOptions.SectionName, settings.Logging, errors);
        Bind(configuration, AuthOptions.SectionName, settings.Auth, errors);
        Bind(configuration, RateLimitOptions.SectionName, settings.RateLimits, errors);
        Bind(configuration, RealtimeSectionName, settings.Realtime, errors);
        Bind(configuration, WebhooksSectionName, settings.Webhooks, errors);
        if (errors.Count == 0) // a value that did not bind would only repeat itself as "invalid"
            errors.AddRange(settings.Silo.Validate().Concat(settings.Storage.Validate())
                .Concat(settings.Cluster.Validate(settings.Storage)).Concat(settings.Runtime.Validate()).Concat(settings.Logging.Validate())
                .Concat(settings.Auth.Validate()).Concat(settings.RateLimits.Validate()));
        if (errors.Count == 0 && settings.Realtime.Problem() is { } realtime) errors.Add($"{RealtimeSectionName}: {realtime}.");
        if (errors.Count == 0 && settings.Webhooks.Problem() is { } webhooks) errors.Add($"{WebhooksSectionName}: {webhooks}.");
        if (errors.Count > 0) throw new SiloConfigurationException(Describe(errors));
        return settings;
    }

    /// <summary>
    /// Top-level keys of <paramref name="routingVariables"/> (configuration built from ROUTING_* variables only)
    /// that the silo does not know. Other tools share the prefix (ROUTING_TEST_POSTGRES), so the silo only warns.
    /// </summary>
    public static IEnumerable<string> UnknownRootKeys(IConfiguration routingVariables) =>
        routingVariables.GetChildren().Select(section => section.Key)
            .Where(key => !RootKeys.Contains(key, StringComparer.OrdinalIgnoreCase));

    private static void Bind(IConfiguration configuration, string sectionName, object options, List<string> errors)
    {
        try
        {
            var section = configuration.GetSection(sectionName);
            errors.AddRange(UnknownKeys.Find(section, options.GetType()));
            section.Bind(options);
        }
        catch (InvalidOperationException exception)
        {
            // The binder names the key and the value it could not convert.
            errors.Add(exception.Message);
        }
    }

    private static string Describe(IEnumerable<string> errors) =>
        "The silo configuration is invalid:" + Environment.NewLine +
        string.Concat(errors.Select(error => $"  - {error}{Environment.NewLine}")) +
        $"Settings come from appsettings.json, {EnvironmentPrefix}* environment variables ({EnvironmentPrefix}Storage__Provider sets Storage:Provider) " +
        "and --Key=value arguments; README.md lists every option.";
}
