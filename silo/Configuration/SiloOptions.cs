namespace Routing.Silo.Configuration;

/// <summary>Settings of the process itself (configuration section "Silo").</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Silo";

    /// <summary>The address the silo listens on when neither Urls nor ASPNETCORE_HTTP_PORTS is configured.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>How long a graceful stop may take (deactivating every grain flushes its state). Default 30 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long GET /health waits for the storage to answer before calling it unreachable. Default 5 s.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    internal IEnumerable<string> Validate()
    {
        if (ShutdownTimeout <= TimeSpan.Zero) yield return "Silo:ShutdownTimeout must be positive.";
        if (HealthCheckTimeout <= TimeSpan.Zero) yield return "Silo:HealthCheckTimeout must be positive.";
    }
}
