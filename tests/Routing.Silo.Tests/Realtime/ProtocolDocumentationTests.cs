using System.Net;
using System.Text.RegularExpressions;
using Routing.Silo.Tests.Api;
using Routing.Silo.Tests.Deployment;

namespace Routing.Silo.Tests.Realtime;

/// <summary>REALTIME.md is the protocol's contract: every command and frame type the handlers know is documented, and the engine serves it.</summary>
public sealed partial class ProtocolDocumentationTests
{
    [Fact]
    public void Every_command_and_frame_type_of_every_role_is_documented()
    {
        var documentation = File.ReadAllText(Repository.PathOf("client-api/REALTIME.md"));
        var types = Directory.GetFiles(Repository.PathOf("client-api/Realtime"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => TypeNames().Matches(File.ReadAllText(file)).Select(m => m.Groups["type"].Value))
            .Distinct().ToList();
        Assert.Contains("rescue-warning", types); // the pattern finds what it should
        Assert.Contains("templates", types);
        Assert.All(types, type => Assert.Contains($"`{type}`", documentation));
    }

    [Fact]
    public async Task The_engine_serves_the_protocol_documentation_without_a_key()
    {
        await using var world = await ApiWorld.StartAsync();
        using var response = await world.Silo.Http.GetAsync("/docs/websocket-protocol");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# WebSocket protocol `routing.v1`", await response.Content.ReadAsStringAsync());
    }

    // case "send": (commands) and Send("dialog-removed", ...) (frames)
    [GeneratedRegex("""(?:case "|Send\(")(?<type>[a-z][a-z-]*)"[:,)]""")]
    private static partial Regex TypeNames();
}
