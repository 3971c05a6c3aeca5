using HdrHistogram;
using HdrHistogram.Utilities;

namespace Routing.Grains.Policies.Statistics;

/// <summary>
/// How a bucket's histogram is stored: only its non-zero HdrHistogram buckets, as pairs of varints (the bucket's lowest
/// value, as a delta from the previous one, then its count), after a marker byte and the precision. A query adds the
/// pairs straight into one accumulator and the projection into a small map, so neither inflates HdrHistogram's 26 KB
/// counts array (nor runs deflate) per row: a bucket holds a few dozen distinct durations at most.
/// </summary>
/// <remarks>
/// Rows written before this format hold HdrHistogram's own compressed encoding (deflate), which starts with its cookie
/// (first byte 0x1c), never with <see cref="Marker"/>: both are read; the projection writes back only this one.
/// </remarks>
public static class StatsHistogramCodec
{
    /// <summary>The first byte of a sparse histogram.</summary>
    public const byte Marker = 0xD5;

    /// <summary>Whether the bytes are this sparse format (otherwise HdrHistogram's compressed encoding).</summary>
    public static bool IsSparse(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == Marker;

    /// <summary>Encodes counts per bucket (keyed by the bucket's lowest equivalent value at <see cref="StatsBucketMath"/>'s precision).</summary>
    public static byte[] Encode(IReadOnlyDictionary<long, long> counts)
    {
        var values = counts.Where(p => p.Value > 0).Select(p => p.Key).Order().ToArray();
        var bytes = new byte[2 + values.Length * 2 * MaxVarintLength];
        bytes[0] = Marker;
        bytes[1] = StatsBucketMath.SignificantDigits;
        var length = 2;
        var previous = 0L;
        foreach (var value in values)
        {
            length += WriteVarint(bytes.AsSpan(length), (ulong)(value - previous));
            length += WriteVarint(bytes.AsSpan(length), (ulong)counts[value]);
            previous = value;
        }
        return bytes[..length];
    }

    /// <summary>Encodes a histogram's recorded values in this format, at <see cref="StatsBucketMath"/>'s precision.</summary>
    public static byte[] Encode(HistogramBase histogram)
    {
        var counts = new Dictionary<long, long>();
        AddInto(counts, histogram);
        return Encode(counts);
    }

    /// <summary>Adds the counts of stored bytes (either format) into <paramref name="accumulator"/>.</summary>
    public static void AddInto(HistogramBase accumulator, byte[] bytes)
    {
        if (!IsSparse(bytes))
        {
            accumulator.Add(DecodeCompressed(bytes));
            return;
        }
        var reader = new PairReader(bytes);
        while (reader.Next(out var value, out var count)) accumulator.RecordValueWithCount(value, count);
    }

    /// <summary>Adds the counts of stored bytes (either format) into a map of bucket lowest values to counts.</summary>
    public static void AddInto(Dictionary<long, long> counts, byte[] bytes)
    {
        if (!IsSparse(bytes))
        {
            AddInto(counts, DecodeCompressed(bytes));
            return;
        }
        var reader = new PairReader(bytes);
        while (reader.Next(out var value, out var count)) counts[value] = counts.GetValueOrDefault(value) + count;
    }

    /// <summary>HdrHistogram's compressed encoding (deflate): what rows written before the sparse format hold.</summary>
    public static byte[] EncodeCompressed(HistogramBase histogram)
    {
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        var length = histogram.EncodeIntoCompressedByteBuffer(buffer);
        // Read back byte by byte: the buffer's copy-out is not public (and the compressed form is small).
        buffer.Position = 0;
        var bytes = new byte[length];
        for (var i = 0; i < length; i++) bytes[i] = buffer.Get();
        return bytes;
    }

    public static HistogramBase DecodeCompressed(byte[] bytes)
    {
        try
        {
            return HistogramEncoding.DecodeFromCompressedByteBuffer(ByteBuffer.Allocate(bytes), StatsBucketMath.HighestTrackableMilliseconds);
        }
        catch (Exception e) // HdrHistogram throws whatever its reads run into (index, format, zlib)
        {
            throw Corrupt($"not a compressed HdrHistogram ({e.Message})");
        }
    }

    // A legacy histogram's values copied down to this precision (a bucket of more digits lies inside one of ours).
    private static void AddInto(Dictionary<long, long> counts, HistogramBase histogram)
    {
        foreach (var recorded in histogram.RecordedValues())
        {
            var value = StatsBucketMath.BucketOf(recorded.ValueIteratedTo);
            counts[value] = counts.GetValueOrDefault(value) + recorded.CountAtValueIteratedTo;
        }
    }

    private const int MaxVarintLength = 10;

    private static int WriteVarint(Span<byte> destination, ulong value)
    {
        var i = 0;
        for (; value >= 0x80; value >>= 7) destination[i++] = (byte)(value | 0x80);
        destination[i++] = (byte)value;
        return i;
    }

    private static InvalidDataException Corrupt(string why) => new($"a stored statistics histogram is corrupt: {why}");

    /// <summary>Reads the (value, count) pairs of a sparse histogram, checking each against the precision and range.</summary>
    private ref struct PairReader
    {
        private ReadOnlySpan<byte> _rest;
        private long _value;
        private bool _started;

        public PairReader(ReadOnlySpan<byte> bytes)
        {
            if (bytes[1] != StatsBucketMath.SignificantDigits) throw Corrupt($"{bytes[1]} significant digits, not {StatsBucketMath.SignificantDigits}");
            _rest = bytes[2..];
        }

        public bool Next(out long value, out long count)
        {
            if (_rest.IsEmpty)
            {
                value = count = 0;
                return false;
            }
            var delta = ReadVarint();
            count = (long)ReadVarint();
            if (delta > (ulong)StatsBucketMath.HighestTrackableMilliseconds || (delta == 0 && _started)) throw Corrupt("values out of order or range");
            _started = true;
            value = _value += (long)delta;
            if (value > StatsBucketMath.HighestTrackableMilliseconds || count <= 0) throw Corrupt($"value {value} with count {count}");
            return true;
        }

        private ulong ReadVarint()
        {
            ulong result = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_rest.IsEmpty) throw Corrupt("truncated");
                var b = _rest[0];
                _rest = _rest[1..];
                result |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return result;
            }
            throw Corrupt("a number longer than 64 bits");
        }
    }
}
