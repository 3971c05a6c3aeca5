using Orleans;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Routing.Storage.Orleans.GrainStorage;

/// <summary>How <see cref="DurableGrainStorage"/> turns grain state into the stored payload.</summary>
public sealed class DurableGrainStorageOptions
{
    /// <summary>
    /// JSON for grain state: web defaults, metadata only from source-generated contexts added with
    /// <see cref="AddStateJson"/> (no reflection), so the stored format is what the contexts say and nothing else.
    /// </summary>
    public JsonSerializerOptions StateJson { get; } = new(JsonSerializerDefaults.Web) { TypeInfoResolver = JsonTypeInfoResolver.Combine() };

    /// <summary>Adds a source-generated <c>JsonSerializerContext</c> holding grain state types.</summary>
    public DurableGrainStorageOptions AddStateJson(IJsonTypeInfoResolver resolver)
    {
        StateJson.TypeInfoResolverChain.Add(resolver);
        return this;
    }
}
