using System.Collections.Concurrent;

namespace Routing.Runtime.Activations;

/// <summary>The live activations of this silo: at most one per grain id.</summary>
internal sealed class ActivationDirectory
{
    private readonly ConcurrentDictionary<GrainId, Activation> _activations = new();

    public int Count => _activations.Count;

    public IEnumerable<Activation> All => _activations.Values;

    public bool TryGet(GrainId id, out Activation activation) => _activations.TryGetValue(id, out activation!);

    /// <summary>Adds <paramref name="candidate"/> unless another activation got there first; returns the one in place.</summary>
    public Activation GetOrAdd(Activation candidate, out bool added)
    {
        if (_activations.TryAdd(candidate.GrainId, candidate))
        {
            added = true;
            return candidate;
        }
        added = false;
        return _activations.TryGetValue(candidate.GrainId, out var existing) ? existing : GetOrAdd(candidate, out added);
    }

    /// <summary>Removes this very activation (not a newer one with the same id).</summary>
    public void Remove(Activation activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, Activation>(activation.GrainId, activation));
}
