using Serilog.AspNetCore;
using Serilog.Events;

namespace Routing.Silo.Logging;

/// <summary>
/// One line per HTTP request (method, path without its query, status, time), from Serilog's request logging: an access
/// log that is off by default (category Serilog.AspNetCore at Warning) and shows only failures unless lowered.
/// </summary>
public static class RequestLog
{
    /// <param name="logger">The silo's Serilog logger: the middleware would otherwise write to the static Log.Logger, which the silo leaves alone.</param>
    public static void Configure(RequestLoggingOptions options, Serilog.ILogger logger)
    {
        options.Logger = logger;
        options.GetLevel = Level;
    }

    /// <summary>
    /// The polls of load balancers and dashboards are debug (a 503 from /health is their answer, not the silo's failure);
    /// other server failures are errors; the rest is information.
    /// </summary>
    public static LogEventLevel Level(HttpContext context, double elapsedMilliseconds, Exception? exception) =>
        exception is not null ? LogEventLevel.Error
        : IsProbe(context.Request.Path) ? LogEventLevel.Debug
        : context.Response.StatusCode >= 500 ? LogEventLevel.Error
        : LogEventLevel.Information;

    private static bool IsProbe(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments("/stats");
}
