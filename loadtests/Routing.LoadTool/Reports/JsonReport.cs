using System.Text.Json;
using System.Text.Json.Serialization;

namespace Routing.LoadTool.Reports;

/// <summary>The raw numbers as JSON: every total, every second, every check and threshold, the kept scrapes.</summary>
public static class JsonReport
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, // a threshold on a missing step measured NaN
    };

    public static string Render(RunReport report) => JsonSerializer.Serialize(report, Options);
}
