using Routing.Runtime.Calls;

namespace Routing.Runtime;

/// <summary>Grain reference helpers.</summary>
public static class GrainReferenceExtensions
{
    /// <summary>The id of the grain a reference points to.</summary>
    public static GrainId GetGrainId(this IGrain grain) =>
        grain is GrainReference reference ? reference.GrainId
            : throw new ArgumentException("Not a grain reference from IGrainFactory.GetGrain.", nameof(grain));
}
