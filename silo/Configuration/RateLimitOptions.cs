namespace Routing.Silo.Configuration;

/// <summary>Limits on channel intake (configuration section "RateLimits"): fixed windows, excess answered 429.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Messages one customer address (workspace + channel + external id) may send per window. Default 60.</summary>
    public int IntakePerCustomer { get; set; } = 60;

    /// <summary>
    /// Intake requests one channel key may send per window. Default 300,000 (5,000/s): a connector carries a whole
    /// channel's peak, and several connectors may share one address, so the key is what is limited, not the address.
    /// </summary>
    public int IntakePerChannelKey { get; set; } = 300_000;

    /// <summary>The window both limits count in. Default 1 min.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    internal IEnumerable<string> Validate()
    {
        if (IntakePerCustomer < 1) yield return "RateLimits:IntakePerCustomer must be at least 1.";
        if (IntakePerChannelKey < 1) yield return "RateLimits:IntakePerChannelKey must be at least 1.";
        if (Window <= TimeSpan.Zero) yield return "RateLimits:Window must be positive.";
    }
}
