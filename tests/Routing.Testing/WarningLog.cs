using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Routing.Testing;

/// <summary>
/// Collects the warnings and errors a silo under test logs (a failing deadline handler, a one-way call that failed, the
/// exception behind a 500), so a failed test says why the engine did not do what it owed, not only that it did not.
/// </summary>
public sealed class WarningLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();

    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>The lines at error level or above, each with its exception's full chain: what a failed assertion prints.</summary>
    public string Errors => string.Join(Environment.NewLine, _errors);

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
            if (logLevel >= LogLevel.Error) log._errors.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{Environment.NewLine}{exception}");
        }
    }
}
