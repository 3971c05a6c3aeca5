using System.Text.Json.Serialization.Metadata;
using Routing.Runtime.Activations;
using Routing.Storage;

namespace Routing.Runtime.State;

/// <summary>Creates an activation's persistent states and loads them before the grain is constructed.</summary>
internal sealed class GrainStateFactory(IDurableStore? storage, GrainRuntimeOptions options)
{
    public async Task<object[]> CreateAndLoadAsync(Activation activation)
    {
        var parameters = activation.Class.StateParameters;
        if (parameters.Count == 0) return [];
        if (storage is null)
            throw new InvalidOperationException($"{activation.GrainId} has persistent state but no grain storage is registered (AddSqliteGrainStorage or AddPostgreSqlGrainStorage).");
        var states = new object[parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
        {
            var key = new GrainStateKey(activation.GrainId.Type, activation.GrainId.Key, parameters[i].StateName);
            var state = Create(parameters[i].StateType, key, activation.RequestDeactivateOnIdle);
            await state.ReadStateAsync(CancellationToken.None);
            states[i] = state;
        }
        return states;
    }

    private ILoadableState Create(Type stateType, GrainStateKey key, Action onWriteFailed)
    {
        JsonTypeInfo typeInfo;
        try
        {
            typeInfo = options.StateJsonOptions.GetTypeInfo(stateType);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException)
        {
            throw new InvalidOperationException(
                $"No JSON metadata for state type {stateType}. Add [JsonSerializable(typeof({stateType.Name}))] to a JsonSerializerContext and register it with AddStateJson.", ex);
        }
        var create = Constructors.GetOrAdd(stateType, static t => (Func<IGrainStateStore, GrainStateKey, JsonTypeInfo, Action, ILoadableState>)
            typeof(GrainStateFactory).GetMethod(nameof(ConstructorOf), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(t).Invoke(null, null)!);
        return create(storage!, key, typeInfo, onWriteFailed);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Func<IGrainStateStore, GrainStateKey, JsonTypeInfo, Action, ILoadableState>> Constructors = new();

    private static Func<IGrainStateStore, GrainStateKey, JsonTypeInfo, Action, ILoadableState> ConstructorOf<TState>() where TState : new() =>
        static (store, key, typeInfo, onWriteFailed) => new PersistentState<TState>(store, key, (JsonTypeInfo<TState>)typeInfo, onWriteFailed);
}
