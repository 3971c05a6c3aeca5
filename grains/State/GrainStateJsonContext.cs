using System.Text.Json.Serialization;
using Routing.GrainInterfaces;

namespace Routing.Grains.State;

/// <summary>Source-generated JSON metadata for every grain state and log entry of this assembly.</summary>
[JsonSerializable(typeof(WorkspaceState))]
[JsonSerializable(typeof(IdentityState))]
[JsonSerializable(typeof(CustomerState))]
[JsonSerializable(typeof(ConversationState))]
[JsonSerializable(typeof(OperatorState))]
[JsonSerializable(typeof(OperatorShiftState))]
[JsonSerializable(typeof(DepartmentState))]
[JsonSerializable(typeof(TimelineEvent))]
[JsonSerializable(typeof(ConversationMessage))]
[JsonSerializable(typeof(OperatorRatingsState))]
[JsonSerializable(typeof(TemplatesState))]
[JsonSerializable(typeof(TemplateChanged))]
[JsonSerializable(typeof(DepartmentChange))]
[JsonSerializable(typeof(OperatorConfigured))]
[JsonSerializable(typeof(ConversationControlState))]
[JsonSerializable(typeof(IntakeIdempotencyState))]
[JsonSerializable(typeof(ChannelOutboxState))]
[JsonSerializable(typeof(OutboxChange))]
[JsonSerializable(typeof(OperatorRemindersState))]
[JsonSerializable(typeof(CallbackState))]
public sealed partial class GrainStateJsonContext : JsonSerializerContext;
