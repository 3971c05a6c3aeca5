using Routing.GrainInterfaces.Model;

namespace Routing.GrainInterfaces;

/// <summary>Grain keys of the routing core: every key starts with the workspace (the unit of partitioning).</summary>
public static class RoutingKeys
{
    public static string Workspace(string workspaceId) => workspaceId;
    public static string Intake(string workspaceId) => workspaceId;
    public static string Identity(string workspaceId, Channel channel, string externalId) =>
        GrainKey.Compose(workspaceId, $"identity/{channel}:{externalId}");
    public static string Customer(string workspaceId, string customerId) => GrainKey.Compose(workspaceId, "customer/" + customerId);
    public static string Conversation(string workspaceId, string conversationId) => GrainKey.Compose(workspaceId, "conversation/" + conversationId);
    public static string ConversationControl(string workspaceId, string conversationId) => GrainKey.Compose(workspaceId, "conversation-control/" + conversationId);
    public static string Operator(string workspaceId, string operatorId) => GrainKey.Compose(workspaceId, "operator/" + operatorId);
    public static string OperatorReminders(string workspaceId, string operatorId) => GrainKey.Compose(workspaceId, "operator-reminders/" + operatorId);
    public static string OperatorRatings(string workspaceId, string operatorId) => GrainKey.Compose(workspaceId, "operator-ratings/" + operatorId);
    public static string OperatorRouter(string workspaceId, string operatorId) => GrainKey.Compose(workspaceId, "operator-router/" + operatorId);
    public static string Department(string workspaceId, string departmentId) => GrainKey.Compose(workspaceId, "department/" + departmentId);

    public static string Templates(string workspaceId) => GrainKey.Compose(workspaceId, "templates");
    public static string ChannelOutbox(string workspaceId, Channel channel) => GrainKey.Compose(workspaceId, $"channel-outbox/{channel}");

    /// <summary>A callback request (issue 15); its attempts' dialogs are conversations "{callbackId}-{n}".</summary>
    public static string Callback(string workspaceId, string callbackId) => GrainKey.Compose(workspaceId, "callback/" + callbackId);

    public static string IntakeIdempotency(string workspaceId, string keyHash) => GrainKey.Compose(workspaceId, "intake-idempotency/" + keyHash);

    /// <summary>The local id after the kind prefix ("operator/op-1" → "op-1").</summary>
    public static string IdOf(string key)
    {
        var local = GrainKey.LocalIdOf(key);
        var cut = local.IndexOf('/');
        return cut < 0 ? local : local[(cut + 1)..];
    }
}
