using Routing.ClientApi.Realtime.Sessions;
using Routing.GrainInterfaces;

namespace Routing.ClientApi.Realtime.Roles;

/// <summary>
/// An operator session's live Incoming (pull): the waiting dialogs they may take in their departments, sent whole as
/// `incoming` when the session starts (and as the `incoming` command's reply), then as changes: `incoming-dialog` for a
/// dialog that appears or whose takeability changed, `incoming-removed` for one that left it (taken, assigned, moved,
/// closed, or pushed out of the first <see cref="Operations.IncomingOperations.DefaultLimit"/>). It follows the queue
/// changes of their departments and their own changes (status and load decide whether they can take a dialog now) and
/// asks the departments again after them, so what it shows is always what the departments decide.
/// </summary>
/// <remarks>
/// A busy department changes its queue many times a second, and each of its operators' sessions asking it again after
/// each change would cost the department (one grain, one turn at a time) sessions x changes calls. So queue changes ask
/// at most once per <see cref="RealtimeOptions.QueueBoardInterval"/>: at once when the last ask is older, else once when
/// it falls due. The operator's own changes (rare) ask at once.
/// </remarks>
internal sealed class IncomingView(RealtimeSession session) : IDisposable
{
    private readonly Dictionary<string, IncomingDialogResponse> _shown = new(StringComparer.Ordinal);
    private readonly HashSet<string> _departments = new(StringComparer.Ordinal);
    private readonly object _due = new(); // pushed into the session's loop when a deferred ask falls due
    private DateTimeOffset _lastAsked = DateTimeOffset.MinValue;
    private ITimer? _deferred;

    private TimeProvider Clock => session.Services.Time;
    private TimeSpan Interval => session.Services.Options.QueueBoardInterval;

    private string Workspace => session.Principal.WorkspaceId;
    private string Me => session.Principal.Subject;

    /// <summary>Follows their departments and answers the whole list (the session's `incoming` frame, or a command's reply).</summary>
    public async Task<IReadOnlyList<IncomingDialogResponse>> SnapshotAsync()
    {
        await FollowDepartments();
        _lastAsked = Clock.GetUtcNow();
        var dialogs = await session.Services.Incoming.List(Workspace, Me, null);
        _shown.Clear();
        foreach (var dialog in dialogs) _shown[dialog.ConversationId] = dialog;
        return dialogs;
    }

    /// <summary>Whether a queue change concerns this view (a department of theirs).</summary>
    public bool Follows(QueueChanged changed) => changed.MovedADialog && _departments.Contains(changed.DepartmentId);

    /// <summary>A queue of theirs changed: asks again now, or once the interval since the last ask has passed.</summary>
    public async Task QueueChangedAsync()
    {
        if (_deferred is not null) return; // an ask is already due
        var wait = _lastAsked + Interval - Clock.GetUtcNow();
        if (wait <= TimeSpan.Zero) await RefreshAsync();
        else _deferred = Clock.CreateTimer(_ => session.Push(_due), null, wait, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Handles what the session's loop was pushed: true when it was this view's deferred ask.</summary>
    public async Task<bool> OnPushedAsync(object payload)
    {
        if (!ReferenceEquals(payload, _due)) return false;
        await RefreshAsync();
        return true;
    }

    /// <summary>Asks again and sends what changed since the last list.</summary>
    public async Task RefreshAsync(bool membershipMayHaveChanged = false)
    {
        _deferred?.Dispose();
        _deferred = null;
        _lastAsked = Clock.GetUtcNow();
        if (membershipMayHaveChanged) await FollowDepartments();
        var now = await session.Services.Incoming.List(Workspace, Me, null);
        var current = now.ToDictionary(d => d.ConversationId, StringComparer.Ordinal);
        foreach (var gone in _shown.Keys.Where(id => !current.ContainsKey(id)).ToList())
        {
            session.Send("incoming-removed", new { conversationId = gone, departmentId = _shown[gone].DepartmentId });
            _shown.Remove(gone);
        }
        foreach (var dialog in now)
        {
            // The wait grows by itself: only what the operator acts on (present, takeable, priority) is a change.
            if (_shown.TryGetValue(dialog.ConversationId, out var before) && before == dialog with { WaitedSeconds = before.WaitedSeconds }) continue;
            _shown[dialog.ConversationId] = dialog;
            session.Send("incoming-dialog", dialog);
        }
    }

    private async Task FollowDepartments()
    {
        var snapshot = await session.Services.Operators.Snapshot(Workspace, Me);
        var departments = snapshot.Profile.Departments.Select(d => d.DepartmentId).ToHashSet(StringComparer.Ordinal);
        foreach (var left in _departments.Where(d => !departments.Contains(d)).ToList())
        {
            session.Unsubscribe(Topic(left));
            _departments.Remove(left);
        }
        foreach (var joined in departments.Where(_departments.Add).ToList()) session.Subscribe(Topic(joined));
    }

    private string Topic(string departmentId) => RoutingTopics.Department(RoutingKeys.Department(Workspace, departmentId));

    public void Dispose() => _deferred?.Dispose();
}
