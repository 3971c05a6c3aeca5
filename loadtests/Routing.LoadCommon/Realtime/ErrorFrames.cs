using System.Collections.Concurrent;
using System.Text.Json;

namespace Routing.LoadCommon.Realtime;

/// <summary>Error frames the server sent, by code, with the first few in full: any of them during a run is a finding.</summary>
public sealed class ErrorFrames
{
    private const int Kept = 10;
    private readonly ConcurrentDictionary<string, int> _byCode = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _first = new();

    public int Total => _byCode.Values.Sum();
    public IReadOnlyDictionary<string, int> ByCode => _byCode;
    public IReadOnlyCollection<string> First => _first;

    public void Record(JsonElement frame)
    {
        var code = frame.TryGetProperty("code", out var c) ? c.GetString() ?? "?" : "?";
        _byCode.AddOrUpdate(code, 1, (_, n) => n + 1);
        if (_first.Count < Kept) _first.Enqueue(frame.GetRawText());
    }
}
