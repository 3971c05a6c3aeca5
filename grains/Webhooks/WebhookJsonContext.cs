using System.Text.Json.Serialization;
using Routing.GrainInterfaces;

namespace Routing.Grains.Webhooks;

/// <summary>The webhook body: the <see cref="OutboundEvent"/> in camelCase, without the properties its type does not use.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OutboundEvent))]
public sealed partial class WebhookJsonContext : JsonSerializerContext;
