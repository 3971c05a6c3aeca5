using Routing.GrainInterfaces;
using Routing.Grains.Journal;
using Routing.Grains.State;
using Routing.Runtime;
using Routing.Runtime.Storage;

namespace Routing.Grains.Grains;

/// <summary>
/// A workspace's quick-reply templates (R18, R20). Like the workspace's operators, each change is one journal row
/// (<see cref="TemplateChanged"/>) beside the state, which is the snapshot written only when the journal outgrows it.
/// </summary>
[GrainType("templates")]
public sealed class TemplatesGrain(
    [PersistentState("templates")] IPersistentState<TemplatesState> state,
    IGrainStorage storage) : Grain, ITemplatesGrain
{
    private TemplatesState S => state.State;
    private GrainJournal<TemplateChanged>? _journal;

    private GrainJournal<TemplateChanged> Journal => _journal ??= new GrainJournal<TemplateChanged>(
        storage, new GrainLogKey("templates", GetPrimaryKeyString(), "changes"), GrainStateJsonContext.Default.TemplateChanged);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var change in await Journal.RecoverAsync(S.JournalThrough, cancellationToken)) Apply(change);
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

    /// <summary>Journals the change (durable before it returns), applies it, and snapshots when the journal outgrew the state.</summary>
    private async Task Change(TemplateChanged change)
    {
        try
        {
            await Journal.AppendAsync(change);
        }
        catch
        {
            DeactivateOnIdle(); // the row may or may not be stored: the next call reloads
            throw;
        }
        Apply(change);
        if (Journal.ShouldSnapshot(S.JournalThrough, S.Templates.Count, floor: 64))
        {
            S.JournalThrough = Journal.LastSequence;
            await state.WriteStateAsync();
            await Journal.TruncateAsync(S.JournalThrough);
        }
    }

    private void Apply(TemplateChanged change)
    {
        if (change.Template is null) S.Templates.Remove(change.TemplateId);
        else S.Templates[change.TemplateId] = change.Template;
    }
}
