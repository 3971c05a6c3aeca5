using System.Globalization;
using Orleans.Storage;

namespace Routing.Storage.Orleans.GrainStorage;

/// <summary>
/// A write refused because another activation of the grain wrote first: the store's <see cref="VersionConflictException"/>,
/// or a write of the same pipeline abandoned behind one (which of them a grain awaits first depends on timing). Both
/// mean "this activation is stale" and become Orleans' <see cref="InconsistentStateException"/>.
/// </summary>
internal static class StaleWrite
{
    public static VersionConflictException? ConflictOf(Exception failure) => failure switch
    {
        VersionConflictException conflict => conflict,
        WriteAbandonedException { InnerException: VersionConflictException conflict } => conflict,
        _ => null,
    };

    /// <summary>Without the store's exception as inner: it crosses to callers on other silos, and only Orleans' type is serializable.</summary>
    public static InconsistentStateException Fencing(string what, VersionConflictException conflict, string? currentEtag) =>
        new($"{what}: {conflict.Message}", conflict.StoredVersion?.ToString(CultureInfo.InvariantCulture), currentEtag);
}
