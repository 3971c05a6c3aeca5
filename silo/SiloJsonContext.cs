using System.Text.Json;
using System.Text.Json.Serialization;
using Routing.Silo.Metrics;
using Routing.Silo.Health;

namespace Routing.Silo;

/// <summary>Source-generated JSON for the silo's own endpoints (camelCase, as every web API here).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(GrainStatisticsSnapshot))]
public sealed partial class SiloJsonContext : JsonSerializerContext;
