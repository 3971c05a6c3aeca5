using Routing.GrainInterfaces;
using Routing.Grains.Journal;
using Routing.Grains.State;
using Orleans.Concurrency;
using Routing.Storage.Orleans.Deadlines;
using Routing.Storage;

namespace Routing.Grains.Grains;

/// <summary>
/// A workspace's quick-reply templates (R18, R20). Like the workspace's operators, each change is one journal row
/// (<see cref="TemplateChanged"/>) beside the state, which is the snapshot written only when the journal outgrows it.
/// </summary>
[GrainType("templates")]
public sealed class TemplatesGrain(
    [PersistentState("templates")] IPersistentState<TemplatesState> state,
    IDurableStore storage) : RoutingGrain, ITemplatesGrain
{
    private TemplatesState S => state.State;
    private SnapshotJournal<TemplatesState, TemplateChanged>? _journal;

    private SnapshotJournal<TemplatesState, TemplateChanged> Journal => _journal ??= new(state,
        new GrainJournal<TemplateChanged>(storage, new GrainLogKey("templates", GetPrimaryKeyString(), "changes"),
            GrainStateJsonContext.Default.TemplateChanged), DeactivateOnIdle);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var change in await Journal.RecoverAsync(cancellationToken)) Apply(change);
    }

    public async Task Put(string templateId, QuickReplyTemplate template)
    {
        if (string.IsNullOrWhiteSpace(templateId) || templateId.Contains('/')) throw new ArgumentException("template id must be non-empty and without '/'", nameof(templateId));
        ArgumentNullException.ThrowIfNull(template);
        if (template.Problem() is { } problem) throw new ArgumentException($"template '{templateId}': {problem}", nameof(template));
        if (!S.Templates.ContainsKey(templateId) && S.Templates.Count >= QuickReplyTemplate.MaxPerWorkspace)
            throw new ArgumentException($"a workspace keeps at most {QuickReplyTemplate.MaxPerWorkspace} templates", nameof(templateId));
        await Change(new TemplateChanged(templateId, template));
    }

    public async Task<bool> Delete(string templateId)
    {
        if (templateId is null || !S.Templates.ContainsKey(templateId)) return false;
        await Change(new TemplateChanged(templateId, null));
        return true;
    }

    public Task<QuickReplyTemplate?> Find(string templateId) => Task.FromResult(S.Templates.GetValueOrDefault(templateId));

    public Task<IReadOnlyDictionary<string, QuickReplyTemplate>> List(string? departmentId) =>
        Task.FromResult<IReadOnlyDictionary<string, QuickReplyTemplate>>(S.Templates
            .Where(t => departmentId is null || t.Value.DepartmentId is null || t.Value.DepartmentId == departmentId)
            .ToDictionary(t => t.Key, t => t.Value));

    /// <summary>Applies the change, then journals it (durable before it returns); snapshots when the journal outgrew the state.</summary>
    private async Task Change(TemplateChanged change)
    {
        Apply(change);
        await Journal.AppendAsync(change, S.Templates.Count, floor: 64);
    }

    private void Apply(TemplateChanged change)
    {
        if (change.Template is null) S.Templates.Remove(change.TemplateId);
        else S.Templates[change.TemplateId] = change.Template;
    }
}
