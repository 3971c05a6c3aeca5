using System.Text.Json.Serialization.Metadata;

namespace Routing.Runtime;

/// <summary>The grain classes and state JSON metadata the runtime was given at start.</summary>
public sealed class GrainRuntimeRegistration
{
    public List<Type> GrainClasses { get; } = new();

    public List<IJsonTypeInfoResolver> StateJsonResolvers { get; } = new();
}
