using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Routing.Runtime;

/// <summary>Configures the grain runtime: which grain classes it hosts, its options and state JSON metadata.</summary>
public sealed class GrainRuntimeBuilder
{
    internal GrainRuntimeBuilder(IServiceCollection services, GrainRuntimeRegistration registration)
    {
        Services = services;
        Registration = registration;
    }

    public IServiceCollection Services { get; }

    internal GrainRuntimeRegistration Registration { get; }

    /// <summary>Hosts every concrete Grain class of the assembly.</summary>
    public GrainRuntimeBuilder AddGrainsFromAssembly(Assembly assembly)
    {
        Registration.GrainClasses.AddRange(assembly.GetTypes().Where(t => typeof(Grain).IsAssignableFrom(t) && !t.IsAbstract && t.IsClass));
        return this;
    }

    public GrainRuntimeBuilder AddGrain<TGrain>() where TGrain : Grain
    {
        Registration.GrainClasses.Add(typeof(TGrain));
        return this;
    }

    /// <summary>Adds source-generated JSON metadata (a JsonSerializerContext) for grain state types.</summary>
    public GrainRuntimeBuilder AddStateJson(IJsonTypeInfoResolver resolver)
    {
        Registration.StateJsonResolvers.Add(resolver);
        return this;
    }

    public GrainRuntimeBuilder Configure(Action<GrainRuntimeOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }
}
