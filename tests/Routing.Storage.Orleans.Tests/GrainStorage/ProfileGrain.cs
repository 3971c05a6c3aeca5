using Orleans;
using Orleans.Runtime;
using System.Text.Json.Serialization;

namespace Routing.Storage.Orleans.Tests.GrainStorage;

public interface IProfileGrain : IGrainWithStringKey
{
    Task SetName(string name);

    /// <summary>Appends a row at <paramref name="sequence"/> of its log and writes the name behind it in one pipeline, awaiting the state write first.</summary>
    Task SetNameAfterLogRow(string name, long sequence);

    Task<string?> GetName();

    Task<bool> RecordExists();

    Task Clear();

    Task Deactivate();
}

public sealed class ProfileState
{
    public string? Name { get; set; }
}

/// <summary>A grain whose only job is its persistent state, through the storage named "Default".</summary>
[GrainType("profile")]
public sealed class ProfileGrain([PersistentState("profile")] IPersistentState<ProfileState> profile, IDurableStore store) : Grain, IProfileGrain
{
    public Task SetName(string name)
    {
        profile.State.Name = name;
        return profile.WriteStateAsync();
    }

    public async Task SetNameAfterLogRow(string name, long sequence)
    {
        var key = this.GetPrimaryKeyString();
        using (store.PipelineWrites("profile", key))
        {
            var appended = store.AppendAsync(new GrainLogKey("profile", key, "history"), [new LogEntry(sequence, [1])]);
            profile.State.Name = name;
            var written = profile.WriteStateAsync();
            // The state write is awaited first: when the row conflicts, the write queued behind it is what this turn sees fail.
            await written;
            await appended;
        }
    }

    public Task<string?> GetName() => Task.FromResult(profile.State.Name);

    public Task<bool> RecordExists() => Task.FromResult(profile.RecordExists);

    public Task Clear() => profile.ClearStateAsync();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

public sealed class UnregisteredState
{
    public int Value { get; set; }
}

public interface IUnregisteredStateGrain : IGrainWithStringKey
{
    Task<int> Get();
}

/// <summary>Its state type is in no registered JSON context: activation must fail with a message saying so.</summary>
[GrainType("unregistered")]
public sealed class UnregisteredStateGrain([PersistentState("value")] IPersistentState<UnregisteredState> value) : Grain, IUnregisteredStateGrain
{
    public Task<int> Get() => Task.FromResult(value.State.Value);
}

[JsonSerializable(typeof(ProfileState))]
public sealed partial class ProfileStateJson : JsonSerializerContext;
