using Orleans;

namespace Routing.GrainInterfaces.Model;

/// <summary>An operator's presence. Only <see cref="Online"/> operators receive dialogs; the default is <see cref="Offline"/>.</summary>
[GenerateSerializer, Alias("routing.OperatorStatus")]
public enum OperatorStatus
{
    Offline = 0,
    Online = 1,
    /// <summary>On a break: keeps their dialogs, gets no new ones; sticky routing may wait for them.</summary>
    Away = 2,
    /// <summary>Let an offer expire (R11): out of routing until they come back.</summary>
    NotResponding = 3,
    /// <summary>
    /// Their shift ended (R14) while they held dialogs: they keep them until the schedule's handover, get no new ones, and
    /// sticky routing does not wait for them; Offline once they hold nothing. Set by the work schedule only.
    /// </summary>
    WrappingUp = 4,
}
