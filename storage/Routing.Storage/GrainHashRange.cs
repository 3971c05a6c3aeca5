namespace Routing.Storage;

/// <summary>
/// Grain hashes on the ring of <see cref="uint"/> values, as Orleans' consistent ring hands them to a silo: from
/// <see cref="Begin"/> exclusive to <see cref="End"/> inclusive, wrapping past <see cref="uint.MaxValue"/> when
/// Begin is not below End; Begin == End is the whole ring.
/// </summary>
public readonly record struct GrainHashRange(uint Begin, uint End)
{
    /// <summary>Every hash.</summary>
    public static GrainHashRange Full => new(0, 0);

    public bool Contains(uint hash) => Begin < End ? hash > Begin && hash <= End : hash > Begin || hash <= End;

    /// <summary>The same hashes as one or two inclusive intervals that do not wrap, which SQL compares with BETWEEN.</summary>
    public IEnumerable<(uint Low, uint High)> ToIntervals()
    {
        if (Begin < End)
        {
            yield return (Begin + 1, End);
            yield break;
        }
        if (Begin < uint.MaxValue) yield return (Begin + 1, uint.MaxValue);
        yield return (0, End);
    }

    public override string ToString() => $"(x{Begin:X8}, x{End:X8}]";
}
