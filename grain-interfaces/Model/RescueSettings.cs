using Orleans;

namespace Routing.GrainInterfaces.Model;

/// <summary>
/// Chat rescue (R13) for a department: a customer waiting <see cref="After"/> for the assigned operator's reply has the
/// dialog taken from them and queued again ahead of newer dialogs, never again to them. The operator is warned
/// <see cref="WarningLead"/> before. After <see cref="RetryLimit"/> rescues of one dialog, the next goes to
/// <see cref="FallbackDepartmentId"/> (or stays, when null) and raises a supervisor alert.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.RescueSettings")]
public sealed record RescueSettings
{
    [Id(0)] public TimeSpan After { get; init; } = TimeSpan.FromSeconds(60);
    [Id(1)] public TimeSpan WarningLead { get; init; } = TimeSpan.FromSeconds(15);
    [Id(2)] public int RetryLimit { get; init; } = 3;
    [Id(3)] public string? FallbackDepartmentId { get; init; }

    public string? Problem() =>
        After < TimeSpan.FromSeconds(1) ? "rescue time must be at least 1 s (deadlines have second precision)"
        : WarningLead < TimeSpan.Zero || WarningLead >= After ? "rescue warning lead must be at least 0 and shorter than the rescue time"
        : RetryLimit < 0 ? "rescue retry limit must not be negative"
        : FallbackDepartmentId is { } fallback && string.IsNullOrWhiteSpace(fallback) ? "rescue fallback department must not be blank"
        : null;
}
