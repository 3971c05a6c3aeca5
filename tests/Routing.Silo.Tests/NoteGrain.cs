using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Routing.Storage.Orleans.GrainStorage;

namespace Routing.Silo.Tests;

public sealed class NoteState
{
    public string? Text { get; set; }
}

public interface INoteGrain : IGrainWithStringKey
{
    /// <summary>Changes memory only; the note reaches storage when the grain deactivates.</summary>
    Task Keep(string text);

    Task<string?> Read();
}

/// <summary>A grain that writes its state only in OnDeactivateAsync: it survives a restart only if shutdown was graceful.</summary>
[GrainType(TypeName)]
public sealed class NoteGrain([PersistentState(NoteGrain.StateName)] IPersistentState<NoteState> note) : Grain, INoteGrain
{
    public const string TypeName = "note";
    public const string StateName = "note";

    public Task Keep(string text)
    {
        note.State.Text = text;
        return Task.CompletedTask;
    }

    public Task<string?> Read() => Task.FromResult(note.State.Text);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        note.State.Text is null ? Task.CompletedTask : note.WriteStateAsync(cancellationToken);

    /// <summary>Lets the silo store this grain's state (Orleans finds the grain class in this test assembly itself).</summary>
    public static void AddTo(WebApplicationBuilder builder) =>
        builder.Services.Configure<DurableGrainStorageOptions>("Default", o => o.AddStateJson(NoteJsonContext.Default));
}

[JsonSerializable(typeof(NoteState))]
internal sealed partial class NoteJsonContext : JsonSerializerContext;
