using Routing.ClientApi.Realtime.Sessions;
using Routing.GrainInterfaces;

namespace Routing.ClientApi.Realtime.Roles;

/// <summary>
/// An operator session's live Incoming (pull): the waiting dialogs they may take in their departments, sent whole as
/// `incoming` when the session starts (and as the `incoming` command's reply), then as changes: `incoming-dialog` for a
/// dialog that appears or whose takeability changed, `incoming-removed` for one that left it (taken, assigned, moved,
/// closed, or pushed out of the first <see cref="Operations.IncomingOperations.DefaultLimit"/>). It follows the queue
/// changes of their departments and their own changes (status and load decide whether they can take a dialog now) and
/// asks the departments again after each, so what it shows is always what the departments decide.
/// </summary>
internal sealed class IncomingView(RealtimeSession session)
{
    private readonly Dictionary<string, IncomingDialogResponse> _shown = new(StringComparer.Ordinal);
    private readonly HashSet<string> _departments = new(StringComparer.Ordinal);

    private string Workspace => session.Principal.WorkspaceId;
    private string Me => session.Principal.Subject;

    /// <summary>Follows their departments and answers the whole list (the session's `incoming` frame, or a command's reply).</summary>
    public async Task<IReadOnlyList<IncomingDialogResponse>> SnapshotAsync()
    {
        await FollowDepartments();
        var dialogs = await session.Services.Incoming.List(Workspace, Me, null);
        _shown.Clear();
        foreach (var dialog in dialogs) _shown[dialog.ConversationId] = dialog;
        return dialogs;
    }

    /// <summary>Whether a queue change concerns this view (a department of theirs).</summary>
    public bool Follows(QueueChanged changed) => _departments.Contains(changed.DepartmentId);

    /// <summary>Asks again and sends what changed since the last list.</summary>
    public async Task RefreshAsync(bool membershipMayHaveChanged = false)
    {
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
}
