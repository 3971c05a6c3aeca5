namespace Routing.Storage.Orleans.Deadlines;

/// <summary>Settings of the durable deadlines service (one per silo, owning the silo's part of the ring).</summary>
public sealed class DeadlineOptions
{
    /// <summary>
    /// The key of the <see cref="TimeProvider"/> the service takes from DI. Orleans maps unknown keys to the unkeyed
    /// provider, so production needs nothing; a test registers its fake clock under this key.
    /// </summary>
    public const string TimeProviderKey = "Routing.Deadlines";

    /// <summary>
    /// Deadlines due within this window are held in memory; later ones stay in storage until the window reaches them,
    /// read again every half window and whenever the silo's ring range changes. Default 2 min.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>At most this many handlers run at once per silo; the rest wait their turn. Default 10,000.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 10_000;

    /// <summary>The wait before the first retry of a failed handler; it doubles with every failure. Default 1 s.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts. Default 1 min.</summary>
    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>What is wrong with these settings; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Window < TimeSpan.FromSeconds(1)) errors.Add($"{nameof(Window)} must be at least 1 s.");
        if (MaxConcurrentDeliveries < 1) errors.Add($"{nameof(MaxConcurrentDeliveries)} must be at least 1.");
        if (RetryBackoff <= TimeSpan.Zero) errors.Add($"{nameof(RetryBackoff)} must be positive.");
        if (MaxRetryBackoff < RetryBackoff) errors.Add($"{nameof(MaxRetryBackoff)} must be at least {nameof(RetryBackoff)}.");
        return errors;
    }

    /// <summary>How long to wait after the <paramref name="attempt"/>-th failed attempt: doubling, capped.</summary>
    internal TimeSpan BackoffAfter(int attempt)
    {
        var doublings = Math.Clamp(attempt - 1, 0, 62);
        // Compared before shifting, so a long run of failures cannot overflow.
        return RetryBackoff.Ticks > MaxRetryBackoff.Ticks >> doublings ? MaxRetryBackoff : TimeSpan.FromTicks(RetryBackoff.Ticks << doublings);
    }
}
