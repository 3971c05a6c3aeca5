namespace Routing.GrainInterfaces;

/// <summary>The grain-event topics clients subscribe to, by the grain key they are about.</summary>
public static class RoutingTopics
{
    /// <summary>Messages, state changes, typing and the rating prompt of one conversation.</summary>
    public static string Conversation(string conversationKey) => "conversation:" + conversationKey;

    /// <summary>An operator's status and load changes, rescue warnings and their alerts.</summary>
    public static string Operator(string operatorKey) => "operator:" + operatorKey;

    /// <summary>Every conversation and operator change of a workspace, configuration changes and supervisor alerts.</summary>
    public static string Workspace(string workspaceId) => "workspace:" + workspaceId;

    /// <summary>A channel identity's new conversations (every widget tab of a visitor follows them).</summary>
    public static string Identity(string identityKey) => "identity:" + identityKey;

    /// <summary>Whether the workspace's widgets may send draft previews (every customer session follows it).</summary>
    public static string DraftPreview(string workspaceId) => "draft-preview:" + workspaceId;

    /// <summary>
    /// The workspace's live statistics: what each dialog adds to them (arrived, answered, abandoned) as it happens. The
    /// live boards of the silos that serve its supervisors follow it.
    /// </summary>
    public static string LiveStats(string workspaceId) => "live-stats:" + workspaceId;

    /// <summary>A department's queue changes.</summary>
    public static string Department(string departmentKey) => "department:" + departmentKey;
}
