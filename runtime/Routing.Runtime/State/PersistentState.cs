using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Routing.Runtime.Storage;

namespace Routing.Runtime.State;

/// <summary>
/// A grain's named state record over <see cref="IGrainStateStore"/>, serialized with source-generated
/// System.Text.Json metadata. The stored version is the optimistic-concurrency token.
/// </summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, ILoadableState where TState : new()
{
    private readonly IGrainStateStore _store;
    private readonly GrainStateKey _key;
    private readonly JsonTypeInfo<TState> _typeInfo;
    private long? _version;

    public PersistentState(IGrainStateStore store, GrainStateKey key, JsonTypeInfo<TState> typeInfo)
    {
        _store = store;
        _key = key;
        _typeInfo = typeInfo;
    }

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
        var payload = JsonSerializer.SerializeToUtf8Bytes(State, _typeInfo);
        _version = await _store.WriteStateAsync(_key, payload, _version, cancellationToken);
        RecordExists = true;
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        _version = await _store.ClearStateAsync(_key, _version, cancellationToken);
        RecordExists = false;
        State = new TState();
    }
}

/// <summary>Lets the runtime load a state without knowing its type.</summary>
internal interface ILoadableState
{
    Task ReadStateAsync(CancellationToken cancellationToken);
}
