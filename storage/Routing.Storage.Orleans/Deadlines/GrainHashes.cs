using Orleans.Runtime;

namespace Routing.Storage.Orleans.Deadlines;

/// <summary>
/// Where a grain sits on Orleans' consistent ring, in the terms of the store: the grain's uniform hash, and the hash
/// ranges a silo owns. Our stored grain types are the grains' <c>[GrainType]</c> names, so <c>GrainId.Create</c> of a
/// stored type and key is the grain's own id.
/// </summary>
internal static class GrainHashes
{
    public static uint Of(GrainId grain) => grain.GetUniformHashCode();

    public static uint Of(string grainType, string grainKey) => Of(GrainId.Create(grainType, grainKey));

    public static IReadOnlyList<GrainHashRange> RangesOf(IRingRange range) =>
        RangeFactory.GetSubRanges(range).Select(r => new GrainHashRange(r.Begin, r.End)).ToArray();
}

/// <summary>The ring range a silo owns, kept in both forms: Orleans' for membership tests, the store's for reads.</summary>
internal sealed class OwnedRange(IRingRange range)
{
    public static OwnedRange None { get; } = new(RangeFactory.CreateRange([]));

    public IReadOnlyList<GrainHashRange> Ranges { get; } = GrainHashes.RangesOf(range);

    public bool Owns(uint grainHash) => range.InRange(grainHash);

    public bool SameAs(OwnedRange other) => Ranges.SequenceEqual(other.Ranges);

    public override string ToString() => range.ToString() ?? "";
}
