using System.Globalization;

namespace Routing.LoadTool.Load;

/// <summary>
/// A duration drawn per use (an operator's reply latency, a handle time): fixed ("2s"), uniform ("1s..3s") or
/// exponential around a mean ("exp:2s", the usual model of human handling times).
/// </summary>
public sealed record Sampler(string Text, Func<Random, TimeSpan> Draw)
{
    public static Sampler Fixed(TimeSpan value) => new(Format(value), _ => value);

    public static Sampler Uniform(TimeSpan min, TimeSpan max) =>
        new($"{Format(min)}..{Format(max)}", random => min + (max - min) * random.NextDouble());

    /// <summary>Exponential with this mean, capped at 10 means so one draw cannot hold a run up.</summary>
    public static Sampler Exponential(TimeSpan mean) =>
        new($"exp:{Format(mean)}", random => mean * Math.Min(10, -Math.Log(1 - random.NextDouble())));

    public TimeSpan Next() => Draw(Random.Shared);

    public static Sampler Parse(string text)
    {
        if (text.StartsWith("exp:", StringComparison.Ordinal)) return Exponential(ParseDuration(text[4..]));
        var range = text.Split("..");
        if (range.Length == 2)
        {
            var (min, max) = (ParseDuration(range[0]), ParseDuration(range[1]));
            return max < min ? throw new FormatException($"'{text}': the range's end is before its start") : Uniform(min, max);
        }
        return Fixed(ParseDuration(text));
    }

    /// <summary>"250ms", "2s", "1.5m" or "0": a non-negative duration.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var t = text.Trim();
        (string number, double scale) = t.EndsWith("ms", StringComparison.Ordinal) ? (t[..^2], 1e-3)
            : t.EndsWith('s') ? (t[..^1], 1) : t.EndsWith('m') ? (t[..^1], 60) : t.EndsWith('h') ? (t[..^1], 3600) : (t, double.NaN);
        if (t == "0") return TimeSpan.Zero;
        if (double.IsNaN(scale) || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || double.IsInfinity(value))
            throw new FormatException($"'{text}' is not a duration such as 250ms, 2s, 1.5m or 1h");
        return TimeSpan.FromSeconds(value * scale);
    }

    private static string Format(TimeSpan value) => value.TotalSeconds >= 1 ? $"{value.TotalSeconds:0.###}s" : $"{value.TotalMilliseconds:0.###}ms";

    public override string ToString() => Text;
}
