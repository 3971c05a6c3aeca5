namespace Routing.Runtime.Tests.Grains;

public sealed class ProfileState
{
    public string? Name { get; set; }

    public List<string> Tags { get; set; } = new();
}

public sealed class DraftState
{
    public string? Draft { get; set; }
}

public interface IProfileGrain : IGrainWithStringKey
{
    Task SetName(string name);

    [ReadOnly]
    Task<ProfileSnapshot> Read();

    Task Clear();

    /// <summary>Re-reads the record from storage, as a grain does after a conflict.</summary>
    Task Reload();

    /// <summary>Keeps a draft in memory only; OnDeactivateAsync flushes it.</summary>
    Task SetDraft(string draft);
}

public sealed record ProfileSnapshot(string? Name, bool RecordExists, string? Etag, string? Draft);

public sealed class ProfileGrain(
    [PersistentState("profile")] IPersistentState<ProfileState> profile,
    [PersistentState("draft")] IPersistentState<DraftState> draft) : Grain, IProfileGrain
{
    public async Task SetName(string name)
    {
        profile.State.Name = name;
        profile.State.Tags.Add("renamed");
        await profile.WriteStateAsync();
    }

    public Task<ProfileSnapshot> Read() =>
        Task.FromResult(new ProfileSnapshot(profile.State.Name, profile.RecordExists, profile.Etag, draft.State.Draft));

    public Task Clear() => profile.ClearStateAsync();

    public Task Reload() => profile.ReadStateAsync();

    public Task SetDraft(string text)
    {
        draft.State.Draft = text;
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        draft.State.Draft is null ? Task.CompletedTask : draft.WriteStateAsync(cancellationToken);
}

public sealed class UnregisteredState
{
    public int Value { get; set; }
}

public interface IUnregisteredStateGrain : IGrainWithStringKey
{
    Task<int> Get();
}

/// <summary>Its state type has no source-generated JSON metadata: activation must fail with a clear error.</summary>
public sealed class UnregisteredStateGrain([PersistentState("s")] IPersistentState<UnregisteredState> state) : Grain, IUnregisteredStateGrain
{
    public Task<int> Get() => Task.FromResult(state.State.Value);
}
