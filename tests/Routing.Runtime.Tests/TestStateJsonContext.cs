using System.Text.Json.Serialization;
using Routing.Runtime.Tests.Grains;

namespace Routing.Runtime.Tests;

[JsonSerializable(typeof(ProfileState))]
[JsonSerializable(typeof(DraftState))]
internal sealed partial class TestStateJsonContext : JsonSerializerContext;
