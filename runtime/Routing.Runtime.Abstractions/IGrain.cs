namespace Routing.Runtime;

/// <summary>Marker for grain interfaces. Methods return Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt;.</summary>
public interface IGrain;

/// <summary>A grain addressed by a string key. Keys start with the workspace: see <see cref="GrainKey"/>.</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>Hands out references to grains; a reference may be stored and passed around.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain of interface <typeparamref name="TGrain"/> with this key. No activation happens until a call.</summary>
    TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey;
}
