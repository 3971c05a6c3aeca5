using System.Text;

namespace Routing.Storage.Statistics;

/// <summary>Column names of the statistics tables, derived from <see cref="StatsMeasure"/> and <see cref="StatsTime"/>.</summary>
public static class StatsColumns
{
    /// <summary>The dimension columns of a bucket, in key order (the primary key is the workspace, then these).</summary>
    public static readonly IReadOnlyList<string> Dimensions = ["hour", "department", "operator", "channel", "topic"];

    public static readonly IReadOnlyList<string> Counters = Enum.GetValues<StatsMeasure>().Select(m => SnakeCase(m.ToString())).ToArray();

    public static readonly IReadOnlyList<string> Histograms = Enum.GetValues<StatsTime>().Select(t => SnakeCase(t.ToString()) + "_hist").ToArray();

    public static string Of(StatsMeasure measure) => Counters[(int)measure];

    public static string Of(StatsTime time) => Histograms[(int)time];

    public static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) text.Append('_');
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }
}
