using Routing.Silo.Configuration;
using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Json;

namespace Routing.Silo.Logging;

/// <summary>The silo's Serilog configuration: console always, rolling file when configured, levels from Logging:LogLevel.</summary>
public static class SiloLogger
{
    private const string TextTemplate = "[{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static LoggerConfiguration Configure(LoggerConfiguration configuration, LoggingOptions options)
    {
        configuration.Enrich.FromLogContext();
        ApplyLevels(configuration, options);
        ITextFormatter? json = options.IsJson ? new JsonFormatter(renderMessage: true) : null;

        configuration = json is null
            ? configuration.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            : configuration.WriteTo.Console(json);

        var file = options.File;
        if (file.Enabled)
        {
            configuration = json is null
                ? configuration.WriteTo.File(file.Path, outputTemplate: TextTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture,
                    fileSizeLimitBytes: file.FileSizeLimitBytes, rollingInterval: file.RollingInterval, rollOnFileSizeLimit: true,
                    retainedFileCountLimit: file.RetainedFileCountLimit)
                : configuration.WriteTo.File(json, file.Path,
                    fileSizeLimitBytes: file.FileSizeLimitBytes, rollingInterval: file.RollingInterval, rollOnFileSizeLimit: true,
                    retainedFileCountLimit: file.RetainedFileCountLimit);
        }
        return configuration;
    }

    /// <summary>
    /// Serilog's logger factory replaces Microsoft.Extensions.Logging's filters, so the standard Logging:LogLevel keys
    /// become Serilog's minimum level ("Default") and per-category overrides (the rest).
    /// </summary>
    private static void ApplyLevels(LoggerConfiguration configuration, LoggingOptions options)
    {
        var minimum = options.LogLevel.TryGetValue("Default", out var level) ? level : LogLevel.Information;
        configuration.MinimumLevel.Is(ToSerilog(minimum));
        foreach (var (category, categoryLevel) in options.LogLevel.Where(rule => !string.Equals(rule.Key, "Default", StringComparison.OrdinalIgnoreCase)))
            configuration.MinimumLevel.Override(category, ToSerilog(categoryLevel));
    }

    private static LogEventLevel ToSerilog(LogLevel level) => level switch
    {
        LogLevel.Trace => LogEventLevel.Verbose,
        LogLevel.Debug => LogEventLevel.Debug,
        LogLevel.Information => LogEventLevel.Information,
        LogLevel.Warning => LogEventLevel.Warning,
        LogLevel.Error => LogEventLevel.Error,
        LogLevel.Critical => LogEventLevel.Fatal,
        _ => LevelAlias.Off,
    };
}
