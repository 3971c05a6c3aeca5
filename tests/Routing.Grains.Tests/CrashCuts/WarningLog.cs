using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Routing.Grains.Tests.CrashCuts;

/// <summary>
/// Collects the warnings and errors the restarted silo logs (a failing deadline handler, a one-way call that failed), so
/// a failed cut says why the engine did not finish what it owed, not only that it did not.
/// </summary>
internal sealed class WarningLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(WarningLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var cause = exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})";
            log._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{cause}");
        }
    }
}
