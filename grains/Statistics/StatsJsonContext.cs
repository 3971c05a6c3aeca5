using System.Text.Json;
using System.Text.Json.Serialization;
using Routing.Grains.Policies.Statistics;

namespace Routing.Grains.Statistics;

/// <summary>The projection's state per conversation and per operator (stats_source), and a status change's feed payload.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ConversationFacts))]
[JsonSerializable(typeof(OperatorStatusFacts))]
[JsonSerializable(typeof(StatusChangeRow))]
internal sealed partial class StatsJsonContext : JsonSerializerContext;

/// <summary>A status change as the feed's trigger writes it: the operator state's status and the write's time (unix µs).</summary>
internal sealed record StatusChangeRow(int Status, long At);
