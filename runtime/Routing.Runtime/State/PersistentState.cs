using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Routing.Storage;

namespace Routing.Runtime.State;

/// <summary>
/// A grain's named state record over <see cref="IGrainStateStore"/>, serialized with source-generated
/// System.Text.Json metadata. The stored version is the optimistic-concurrency token. A failed write or clear drops the
/// activation once its turn ends (<paramref name="onWriteFailed"/>): the grain changed memory before writing, so the next
/// call must reload what storage really holds instead of running on (or retrying against) memory that is ahead of it.
/// </summary>
internal sealed class PersistentState<TState>(IGrainStateStore store, GrainStateKey key, JsonTypeInfo<TState> typeInfo, Action onWriteFailed)
    : IPersistentState<TState>, ILoadableState where TState : new()
{
    private readonly IGrainStateStore _store = store;
    private readonly GrainStateKey _key = key;
    private readonly JsonTypeInfo<TState> _typeInfo = typeInfo;
    private long? _version;

    public TState State { get; set; } = new();

    public string? Etag => _version?.ToString(CultureInfo.InvariantCulture);

    public bool RecordExists { get; private set; }

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await _store.ReadStateAsync(_key, cancellationToken);
        _version = stored?.Version;
        RecordExists = stored?.Payload is not null;
        State = stored?.Payload is { } payload ? JsonSerializer.Deserialize(payload, _typeInfo) ?? new TState() : new TState();
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var payload = JsonSerializer.SerializeToUtf8Bytes(State, _typeInfo);
            _version = await _store.WriteStateAsync(_key, payload, _version, cancellationToken);
        }
        catch
        {
            onWriteFailed();
            throw;
        }
        RecordExists = true;
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            _version = await _store.ClearStateAsync(_key, _version, cancellationToken);
        }
        catch
        {
            onWriteFailed();
            throw;
        }
        RecordExists = false;
        State = new TState();
    }
}

/// <summary>Lets the runtime load a state without knowing its type.</summary>
internal interface ILoadableState
{
    Task ReadStateAsync(CancellationToken cancellationToken);
}
