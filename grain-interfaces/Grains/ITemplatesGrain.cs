using Orleans.Concurrency;

namespace Routing.GrainInterfaces;

/// <summary>
/// A workspace's quick-reply templates (R18, R20). Key: RoutingKeys.Templates(ws). Called only by clients; calls nobody.
/// Each change is one journal row, so a change never rewrites every template.
/// </summary>
public interface ITemplatesGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces one; bad input or more than <see cref="QuickReplyTemplate.MaxPerWorkspace"/> templates throws <see cref="ArgumentException"/>.</summary>
    Task Put(string templateId, QuickReplyTemplate template);

    /// <summary>Deletes one; false when there was none.</summary>
    Task<bool> Delete(string templateId);

    [ReadOnly] Task<QuickReplyTemplate?> Find(string templateId);

    /// <summary>Every template, or those for one department and those for every department.</summary>
    [ReadOnly] Task<IReadOnlyDictionary<string, QuickReplyTemplate>> List(string? departmentId);
}
