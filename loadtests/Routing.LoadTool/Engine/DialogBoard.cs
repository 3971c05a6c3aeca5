using System.Collections.Concurrent;
using System.Diagnostics;
using Routing.LoadTool.Measures;
using Routing.LoadTool.Scenarios;

namespace Routing.LoadTool.Engine;

/// <summary>
/// Where each dialog is, as the consoles see it: a dialog taken from a console that did not close it (rescued) must
/// show up at another console; the time between is the "rescue-reassign" step. The two consoles' frames travel on
/// different sockets, so either may arrive first.
/// </summary>
public sealed class DialogBoard(RunStats stats)
{
    public const string RescueReassign = "rescue-reassign";

    private readonly ConcurrentDictionary<string, (string Operator, long At)> _holder = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string From, long At)> _waiting = new(StringComparer.Ordinal);
    private int _rescues;

    public void Shown(string conversationId, string operatorId, long arrivedAt)
    {
        lock (this)
        {
            _holder[conversationId] = (operatorId, arrivedAt);
            if (_waiting.TryGetValue(conversationId, out var rescue) && rescue.From != operatorId && _waiting.TryRemove(conversationId, out _))
                Record(rescue.At, arrivedAt);
        }
    }

    /// <summary>A console lost a dialog it did not close.</summary>
    public void Rescued(string conversationId, string fromOperator, long arrivedAt)
    {
        lock (this)
        {
            _rescues++;
            if (_holder.TryGetValue(conversationId, out var holder) && holder.Operator != fromOperator) Record(arrivedAt, holder.At);
            else _waiting[conversationId] = (fromOperator, arrivedAt);
        }
    }

    private void Record(long removedAt, long shownAt) =>
        stats.Step(RescueReassign).RecordOk(shownAt > removedAt ? Stopwatch.GetElapsedTime(removedAt, shownAt) : TimeSpan.Zero);

    /// <summary>The operator whose console last showed the dialog.</summary>
    public string? HolderOf(string conversationId) => _holder.TryGetValue(conversationId, out var holder) ? holder.Operator : null;

    public int Rescues => Volatile.Read(ref _rescues);
    public int Waiting => _waiting.Count;

    public async Task SettleAsync(CancellationToken cancellation)
    {
        while (Waiting > 0) await Task.Delay(50, cancellation);
    }

    public CheckResult Check() =>
        new("rescued dialogs reassigned", Waiting == 0, $"{Rescues - Waiting} of {Rescues} rescued dialogs shown at another console");
}
