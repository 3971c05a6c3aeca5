namespace Routing.GrainInterfaces.Model;

/// <summary>An operator's presence. Only <see cref="Online"/> operators receive dialogs; the default is <see cref="Offline"/>.</summary>
public enum OperatorStatus
{
    Offline = 0,
    Online = 1,
    /// <summary>On a break: keeps their dialogs, gets no new ones; sticky routing may wait for them.</summary>
    Away = 2,
    /// <summary>Let an offer expire (R11): out of routing until they come back.</summary>
    NotResponding = 3,
}
