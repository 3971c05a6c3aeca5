using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Routing.LoadTests.Realtime;

/// <summary>
/// Counts the silo's warnings and errors and keeps the first few, so the report says whether the server complained
/// under load (the console sink alone would scroll them away between the tables).
/// </summary>
public sealed class SiloLogCounter : ILoggerProvider
{
    private const int Kept = 20;
    private readonly ConcurrentQueue<string> _first = new();
    private int _warnings;
    private int _errors;

    public int Warnings => Volatile.Read(ref _warnings);
    public int Errors => Volatile.Read(ref _errors);
    public IReadOnlyCollection<string> First => _first;

    public ILogger CreateLogger(string categoryName) => new Counter(this, categoryName);

    public void Dispose() { }

    private void Record(LogLevel level, string category, string message, Exception? exception)
    {
        if (level >= LogLevel.Error) Interlocked.Increment(ref _errors);
        else Interlocked.Increment(ref _warnings);
        if (_first.Count < Kept) _first.Enqueue($"{level} {category}: {message}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}");
    }

    private sealed class Counter(SiloLogCounter owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner.Record(logLevel, category, formatter(state, exception), exception);
        }
    }
}
