namespace Routing.LoadTests.Reporting;

/// <summary>Medians: robust to the odd round disturbed by another process on this shared machine.</summary>
public static class Median
{
    public static double Of(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return double.NaN;
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
