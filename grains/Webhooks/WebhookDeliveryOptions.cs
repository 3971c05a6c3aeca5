namespace Routing.Grains.Webhooks;

/// <summary>How channel outboxes deliver (one instance per silo; the defaults fit production).</summary>
public sealed class WebhookDeliveryOptions
{
    /// <summary>The delay after the first failed attempt; it doubles per attempt (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>An event still not delivered this long after it was accepted is dead-lettered.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>One attempt's limit; past it the attempt counts as failed (and is retried).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many conversations' events are sent at once (one event per conversation at a time keeps their order).</summary>
    public int MaxInFlight { get; set; } = 8;

    /// <summary>
    /// Whether webhooks may reach loopback, private, link-local and other internal addresses. Off: an admin key cannot
    /// make the silo call into its own network (SSRF); on for a receiver on the same host or network (tests, on-premises).
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    public string? Problem() =>
        FirstRetryDelay <= TimeSpan.Zero || MaxRetryDelay < FirstRetryDelay ? "FirstRetryDelay must be positive and at most MaxRetryDelay"
        : GiveUpAfter <= TimeSpan.Zero ? "GiveUpAfter must be positive"
        : AttemptTimeout <= TimeSpan.Zero ? "AttemptTimeout must be positive"
        : MaxInFlight is < 1 or > 256 ? "MaxInFlight must be between 1 and 256"
        : null;
}
