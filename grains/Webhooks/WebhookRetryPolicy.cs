namespace Routing.Grains.Webhooks;

/// <summary>What an attempt's outcome means, and when the next attempt is due.</summary>
public static class WebhookRetryPolicy
{
    /// <summary>2xx: delivered.</summary>
    public static bool IsDelivered(int status) => status is >= 200 and < 300;

    /// <summary>4xx other than 408 (timeout) and 429 (too many requests): the receiver will never take it.</summary>
    public static bool IsPermanent(int status) => status is >= 400 and < 500 and not 408 and not 429;

    /// <summary>
    /// The delay before attempt <paramref name="failedAttempts"/> + 1: the receiver's Retry-After when it sent one,
    /// else the first delay doubled per failure, capped, with jitter (half to all of it) so failed events do not retry in step.
    /// </summary>
    public static TimeSpan NextDelay(WebhookDeliveryOptions options, int failedAttempts, TimeSpan? retryAfter, double jitter)
    {
        if (retryAfter is { } asked) return asked < TimeSpan.Zero ? TimeSpan.Zero : asked > options.MaxRetryDelay ? options.MaxRetryDelay : asked;
        var doubled = options.FirstRetryDelay.Ticks * Math.Pow(2, Math.Min(failedAttempts - 1, 40));
        var capped = Math.Min(doubled, options.MaxRetryDelay.Ticks);
        return TimeSpan.FromTicks((long)(capped * (0.5 + 0.5 * Math.Clamp(jitter, 0, 1))));
    }
}
