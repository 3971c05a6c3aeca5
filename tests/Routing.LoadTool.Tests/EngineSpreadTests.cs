using System.Net;
using Routing.LoadTool.Engine;

namespace Routing.LoadTool.Tests;

public sealed class EngineSpreadTests
{
    private static readonly Uri[] Silos = [new("http://127.0.0.1:5080"), new("http://127.0.0.1:5081"), new("https://10.0.0.7:6000")];

    [Fact]
    public async Task Rest_calls_take_turns_over_the_silos_with_their_path_and_query_kept()
    {
        var seen = new RecordingHandler();
        using var http = new HttpClient(new SpreadHandler(new EngineRotation(Silos)) { InnerHandler = seen }) { BaseAddress = Silos[0] };

        for (var i = 0; i < 4; i++) await http.GetAsync($"/v1/workspaces/ws{i}/queue?department=d");

        Assert.Equal(
        [
            "http://127.0.0.1:5080/v1/workspaces/ws0/queue?department=d",
            "http://127.0.0.1:5081/v1/workspaces/ws1/queue?department=d",
            "https://10.0.0.7:6000/v1/workspaces/ws2/queue?department=d",
            "http://127.0.0.1:5080/v1/workspaces/ws3/queue?department=d",
        ], seen.Uris);
    }

    [Fact]
    public void Sockets_take_turns_and_consoles_go_to_the_console_engine_when_one_is_named()
    {
        using var spread = new EngineConnection(Silos[0], TimeSpan.FromSeconds(1), spread: Silos);
        using var split = new EngineConnection(Silos[0], TimeSpan.FromSeconds(1), consoleAddress: Silos[2]);

        Assert.Equal([Silos[0], Silos[1], Silos[2], Silos[0]], Enumerable.Range(0, 4).Select(_ => spread.NextSocketAddress()));
        Assert.Equal([Silos[1], Silos[2]], [spread.NextConsoleAddress(), spread.NextConsoleAddress()]);
        Assert.Equal([Silos[0], Silos[0]], [split.NextSocketAddress(), split.NextSocketAddress()]);
        Assert.Equal([Silos[2], Silos[2]], [split.NextConsoleAddress(), split.NextConsoleAddress()]);
    }

    [Fact]
    public void Supervisors_go_to_the_supervisor_engine_when_one_is_named_else_take_turns_with_the_sockets()
    {
        var target = new Routing.LoadTool.Scenarios.EngineTarget(Silos[0], "k", []) { Spread = [Silos[0], Silos[1]], SupervisorAddress = Silos[2] };
        using var split = EngineConnection.To(target);
        using var spread = EngineConnection.To(target with { SupervisorAddress = null });

        Assert.Equal([Silos[2], Silos[2]], [split.NextSupervisorAddress(), split.NextSupervisorAddress()]);
        Assert.Equal([Silos[0], Silos[1]], [split.NextSocketAddress(), split.NextConsoleAddress()]);
        Assert.Equal([Silos[0], Silos[1], Silos[0]], [spread.NextSupervisorAddress(), spread.NextSocketAddress(), spread.NextSupervisorAddress()]);
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<string> Uris { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Uris.Add(request.RequestUri!.ToString());
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent));
        }
    }
}
