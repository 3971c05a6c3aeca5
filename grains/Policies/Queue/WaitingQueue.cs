using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>
/// A department's waiting queue (R8, R12, R13, R16), ordered by <see cref="WaitingOrder"/>: priority, then the original
/// enqueue time, then arrival sequence. Enqueue, remove, head, position and the per-operator search
/// (<see cref="FirstFor"/>) are O(log n); every position at once is O(n).
/// </summary>
/// <remarks>
/// Two views of the same dialogs: one <see cref="OrderStatisticTree{T}"/> over the whole queue answers the head and
/// positions (R16: asking every waiting dialog its position once a second is n·log n, about 2 ms for 100k), and one per
/// lane (channel + required skills) lets an operator who frees capacity find their first dialog without walking past
/// dialogs they can never take. A dialog costs two tree nodes and a dictionary entry. Not thread-safe: the department
/// grain's turn owns it.
/// </remarks>
public sealed partial class WaitingQueue
{
    private readonly OrderStatisticTree<WaitingDialog> order = new(WaitingOrder.Instance);
    private readonly Dictionary<string, (WaitingDialog Dialog, WaitingLane Lane)> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<WaitingLaneKey, WaitingLane> lanes = [];
    private readonly SortedDictionary<Priority, int> countByPriority = new(Comparer<Priority>.Create((x, y) => ((int)y).CompareTo((int)x)));

    public int Count => order.Count;

    /// <summary>The highest sequence handed out or restored; new dialogs get higher ones.</summary>
    public long LastSequence { get; private set; }

    /// <summary>Adds a dialog behind everything of its priority that waited as long or longer; assigns its sequence.</summary>
    /// <returns>The dialog as stored, with its <see cref="WaitingDialog.Sequence"/>: persist that.</returns>
    public WaitingDialog Enqueue(WaitingDialog dialog) => Add(dialog with { Sequence = LastSequence + 1 });

    /// <summary>Puts back a dialog read from storage with the sequence it had, so the order is exactly the one before.</summary>
    public WaitingDialog Restore(WaitingDialog dialog)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dialog.Sequence);
        return Add(dialog);
    }

    /// <summary>Takes a dialog out (closed, abandoned, assigned, transferred away); false when it was not waiting here.</summary>
    public bool Remove(string dialogId) => Remove(dialogId, out _);

    public bool Remove(string dialogId, out WaitingDialog? removed)
    {
        if (!byId.Remove(dialogId, out var entry))
        {
            removed = null;
            return false;
        }
        order.Remove(entry.Dialog);
        entry.Lane.Dialogs.Remove(entry.Dialog);
        if (entry.Lane.Dialogs.Count == 0) lanes.Remove(entry.Lane.Key);
        var left = countByPriority[entry.Dialog.Priority] - 1;
        if (left == 0) countByPriority.Remove(entry.Dialog.Priority);
        else countByPriority[entry.Dialog.Priority] = left;
        removed = entry.Dialog;
        return true;
    }

    /// <summary>Changes a waiting dialog's priority; it keeps its wait and sequence.</summary>
    public WaitingDialog ChangePriority(string dialogId, Priority priority)
    {
        if (!Remove(dialogId, out var dialog)) throw new KeyNotFoundException($"dialog '{dialogId}' is not waiting");
        return Add(dialog! with { Priority = priority });
    }

    public bool Contains(string dialogId) => byId.ContainsKey(dialogId);

    public bool TryGet(string dialogId, out WaitingDialog? dialog)
    {
        var found = byId.TryGetValue(dialogId, out var entry);
        dialog = found ? entry.Dialog : null;
        return found;
    }

    /// <summary>The head: the dialog served first when any operator may take it; null when empty.</summary>
    public WaitingDialog? Peek() => order.Min;

    public bool TryDequeue(out WaitingDialog? dialog)
    {
        dialog = order.Min;
        return dialog is not null && Remove(dialog.Id);
    }

    /// <summary>The 1-based position of a waiting dialog (1 = next), or null when it is not waiting here.</summary>
    public int? PositionOf(string dialogId) =>
        byId.TryGetValue(dialogId, out var entry) ? order.IndexOf(entry.Dialog) + 1 : null;

    /// <summary>Every waiting dialog with its 1-based position, head first: one O(n) walk for a position broadcast.</summary>
    public IEnumerable<(WaitingDialog Dialog, int Position)> Positions() => order.Select((dialog, index) => (dialog, index + 1));

    /// <summary>Waiting dialogs head first.</summary>
    public IEnumerable<WaitingDialog> InOrder() => order;

    /// <summary>Waiting dialogs that sort after <paramref name="key"/> (which need not wait here), in queue order.</summary>
    public IEnumerable<WaitingDialog> After(WaitingDialog key) => order.From(key, inclusive: false);

    /// <summary>How many waiting dialogs sort before <paramref name="key"/> (which need not wait here). O(log n).</summary>
    public int CountBefore(WaitingDialog key) => order.CountBefore(key);

    public int CountOf(Priority priority) => countByPriority.GetValueOrDefault(priority);

    /// <summary>Waiting dialogs per priority present, highest priority first.</summary>
    public IReadOnlyDictionary<Priority, int> CountByPriority => countByPriority;

    /// <summary>The earliest original enqueue time among waiting dialogs of any priority (who waited longest), or null.</summary>
    public DateTimeOffset? OldestWaitingSince
    {
        get
        {
            DateTimeOffset? oldest = null;
            foreach (var priority in countByPriority.Keys)
            {
                // The first dialog of each priority waited longest within it.
                order.TryGetFirstFrom(StartOfPriority(priority), inclusive: true, out var first);
                if (oldest is null || first.WaitingSince < oldest) oldest = first.WaitingSince;
            }
            return oldest;
        }
    }

    /// <summary>A probe sorting before every dialog of <paramref name="priority"/>.</summary>
    internal static WaitingDialog StartOfPriority(Priority priority) =>
        new("", priority, DateTimeOffset.MinValue) { Sequence = long.MinValue };

    /// <summary>A probe sorting after every dialog of <paramref name="priority"/>.</summary>
    internal static WaitingDialog EndOfPriority(Priority priority) =>
        new("", priority, DateTimeOffset.MaxValue) { Sequence = long.MaxValue };

    private WaitingDialog Add(WaitingDialog dialog)
    {
        ArgumentException.ThrowIfNullOrEmpty(dialog.Id);
        if (byId.ContainsKey(dialog.Id)) throw new InvalidOperationException($"dialog '{dialog.Id}' is already waiting");
        var key = WaitingLaneKey.Of(dialog);
        if (!lanes.TryGetValue(key, out var lane))
        {
            lane = new WaitingLane(key, dialog.Channel, dialog.RequiredSkills);
            lanes.Add(key, lane);
        }
        if (!order.Add(dialog)) throw new InvalidOperationException($"sequence {dialog.Sequence} is already taken");
        lane.Dialogs.Add(dialog);
        byId.Add(dialog.Id, (dialog, lane));
        countByPriority[dialog.Priority] = countByPriority.GetValueOrDefault(dialog.Priority) + 1;
        if (dialog.Sequence > LastSequence) LastSequence = dialog.Sequence;
        return dialog;
    }
}
