using System.Net;
using Routing.LoadCommon.Realtime;
using Routing.LoadTool.Scenarios;

namespace Routing.LoadTool.Engine;

/// <summary>
/// One HTTP client for every REST call of a run: pooled connections, no per-host limit, a bounded wait. Given several
/// silos of one cluster, calls and new sockets take turns over them (<see cref="EngineRotation"/>).
/// </summary>
public sealed class EngineConnection : IDisposable
{
    private readonly EngineRotation _engines;
    private readonly Uri? _consoleAddress;
    private readonly Uri? _supervisorAddress;

    public EngineConnection(Uri address, TimeSpan requestTimeout, Uri? consoleAddress = null, IReadOnlyList<Uri>? spread = null, Uri? supervisorAddress = null)
    {
        Address = address;
        _consoleAddress = consoleAddress;
        _supervisorAddress = supervisorAddress;
        _engines = new EngineRotation(spread is { Count: > 0 } ? spread : [address]);
        HttpMessageHandler handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (_engines.Count > 1) handler = new SpreadHandler(_engines) { InnerHandler = handler };
        Http = new HttpClient(handler) { BaseAddress = address, Timeout = requestTimeout };
        Rest = new RestCalls(Http);
    }

    public Uri Address { get; }
    public HttpClient Http { get; }
    public RestCalls Rest { get; }

    /// <summary>Where the next widget's socket connects: the engine, or the next silo of the spread.</summary>
    public Uri NextSocketAddress() => _engines.Next();

    /// <summary>Where the next operator's console connects: --console-engine if given, else as a widget.</summary>
    public Uri NextConsoleAddress() => _consoleAddress ?? _engines.Next();

    /// <summary>Where the next supervisor's wallboard connects: --supervisor-engine if given, else as a widget.</summary>
    public Uri NextSupervisorAddress() => _supervisorAddress ?? _engines.Next();

    /// <summary>The connection a scenario's world makes to its target.</summary>
    public static EngineConnection To(EngineTarget target) =>
        new(target.Address, TimeSpan.FromSeconds(30), target.ConsoleAddress, target.Spread, target.SupervisorAddress);

    /// <summary>Waits until <paramref name="silo"/> answers /health with 200 (a silo being started), saying so on stderr.</summary>
    public static async Task WaitUntilHealthyAsync(Uri silo, CancellationToken cancellation)
    {
        var health = new Uri(silo, "/health");
        Console.Error.WriteLine($"waiting for {health} to answer 200");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) }; // not spread: this silo only
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(health, cancellation);
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested) { } // not listening yet
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellation);
        }
    }

    public void Dispose() => Http.Dispose();
}
