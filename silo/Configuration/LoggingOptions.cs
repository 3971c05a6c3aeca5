namespace Routing.Silo.Configuration;

/// <summary>
/// Log output (configuration section "Logging"). Levels use the standard Logging:LogLevel keys; Serilog writes
/// to the console always and to a rolling file when Logging:File:Path is set.
/// </summary>
public sealed class LoggingOptions
{
    public const string SectionName = "Logging";

    public static readonly IReadOnlyList<string> Formats = ["text", "json"];

    /// <summary>Minimum level per category prefix ("Default", "Microsoft.AspNetCore", ...), as in every ASP.NET Core app.</summary>
    public Dictionary<string, LogLevel> LogLevel { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>"text" (default) for people, "json" (one Serilog JSON object per line) for log collectors.</summary>
    public string Format { get; set; } = "text";

    public FileLogOptions File { get; set; } = new();

    public bool IsJson => string.Equals(Format, "json", StringComparison.OrdinalIgnoreCase);

    internal IEnumerable<string> Validate()
    {
        if (!Formats.Contains(Format, StringComparer.OrdinalIgnoreCase))
            yield return $"Logging:Format '{Format}' is not supported; use one of: {string.Join(", ", Formats)}.";
        foreach (var error in File.Validate()) yield return error;
    }
}

/// <summary>The optional rolling log file (configuration section "Logging:File").</summary>
public sealed class FileLogOptions
{
    /// <summary>File path; the date is inserted before the extension when it rolls. Empty (default) writes no file.</summary>
    public string Path { get; set; } = "";

    /// <summary>When a new file starts: Infinite, Year, Month, Day (default), Hour or Minute.</summary>
    public Serilog.RollingInterval RollingInterval { get; set; } = Serilog.RollingInterval.Day;

    /// <summary>How many files are kept. Default 31.</summary>
    public int RetainedFileCountLimit { get; set; } = 31;

    /// <summary>A file that reaches this size rolls over to a new one. Default 1 GiB.</summary>
    public long FileSizeLimitBytes { get; set; } = 1L << 30;

    public bool Enabled => !string.IsNullOrWhiteSpace(Path);

    internal IEnumerable<string> Validate()
    {
        if (RetainedFileCountLimit < 1) yield return "Logging:File:RetainedFileCountLimit must be at least 1.";
        if (FileSizeLimitBytes < 1) yield return "Logging:File:FileSizeLimitBytes must be at least 1.";
    }
}
