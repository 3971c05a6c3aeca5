namespace Routing.Silo.Configuration;

/// <summary>Limits on channel intake (configuration section "RateLimits"): fixed windows, excess answered 429.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Messages one customer address (workspace + channel + external id) may send per window. Default 60.</summary>
    public int IntakePerCustomer { get; set; } = 60;

    /// <summary>Intake requests one remote IP address may send per window. Default 600.</summary>
    public int IntakePerRemoteAddress { get; set; } = 600;

    /// <summary>The window both limits count in. Default 1 min.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    internal IEnumerable<string> Validate()
    {
        if (IntakePerCustomer < 1) yield return "RateLimits:IntakePerCustomer must be at least 1.";
        if (IntakePerRemoteAddress < 1) yield return "RateLimits:IntakePerRemoteAddress must be at least 1.";
        if (Window <= TimeSpan.Zero) yield return "RateLimits:Window must be positive.";
    }
}
