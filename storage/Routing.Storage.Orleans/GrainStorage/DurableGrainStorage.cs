using Orleans;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orleans.Runtime;
using Orleans.Storage;

namespace Routing.Storage.Orleans.GrainStorage;

/// <summary>
/// Orleans grain storage over our durable store: one state record per (grain type, grain key, state name), so a
/// state write joins the same group commit as the grain's log appends and deadlines. The ETag is the stored
/// version; a write or clear carrying a stale one throws Orleans' <see cref="InconsistentStateException"/>, which makes
/// Orleans drop the activation (a duplicate activation while membership changes is fenced off this way).
/// </summary>
/// <remarks>
/// Any failed write or clear also deactivates the current activation: the grain changed its memory before
/// writing, and when the outcome is unknown the next call must reload what the store holds instead of going on
/// from (or writing) memory that may be ahead of it.
/// </remarks>
public sealed class DurableGrainStorage(IGrainStateStore store, DurableGrainStorageOptions options, IGrainContextAccessor contexts) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = await store.ReadStateAsync(KeyOf(stateName, grainId));
        grainState.ETag = stored is null ? null : FormatVersion(stored.Version);
        grainState.RecordExists = stored?.Payload is not null;
        if (stored?.Payload is { } payload) grainState.State = JsonSerializer.Deserialize(payload, TypeInfo<T>())!;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = KeyOf(stateName, grainId);
        var payload = JsonSerializer.SerializeToUtf8Bytes(grainState.State!, TypeInfo<T>());
        var version = await Guarded(key, grainState.ETag, () => store.WriteStateAsync(key, payload, ParseVersion(grainState.ETag)));
        grainState.ETag = FormatVersion(version);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = KeyOf(stateName, grainId);
        var version = await Guarded(key, grainState.ETag, () => store.ClearStateAsync(key, ParseVersion(grainState.ETag)));
        grainState.ETag = FormatVersion(version);
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    /// <summary>The key our stores have always used, so databases written before the move to Orleans read unchanged.</summary>
    internal static GrainStateKey KeyOf(string stateName, GrainId grainId) => new(grainId.Type.ToString()!, grainId.Key.ToString()!, stateName);

    private async Task<long> Guarded(GrainStateKey key, string? etag, Func<Task<long>> write)
    {
        try
        {
            return await write();
        }
        catch (Exception failure)
        {
            DropActivation(failure);
            if (StaleWrite.ConflictOf(failure) is { } conflict) throw StaleWrite.Fencing($"Version conflict on {key}", conflict, etag);
            throw;
        }
    }

    private void DropActivation(Exception cause)
    {
        if (contexts.GrainContext is { } context)
            context.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, cause, "A state write failed; the next call reloads the stored state."));
    }

    private JsonTypeInfo<T> TypeInfo<T>()
    {
        try
        {
            return (JsonTypeInfo<T>)options.StateJson.GetTypeInfo(typeof(T));
        }
        catch (NotSupportedException missing)
        {
            throw new InvalidOperationException(
                $"No JSON metadata for state type {typeof(T)}. Add [JsonSerializable(typeof({typeof(T).Name}))] to a JsonSerializerContext and register it with AddStateJson.", missing);
        }
    }

    private static string FormatVersion(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static long? ParseVersion(string? etag) => etag is null ? null : long.Parse(etag, CultureInfo.InvariantCulture);
}
