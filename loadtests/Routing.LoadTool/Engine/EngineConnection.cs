using System.Net;
using Routing.LoadCommon.Realtime;

namespace Routing.LoadTool.Engine;

/// <summary>
/// One HTTP client for every REST call of a run: pooled connections, no per-host limit, a bounded wait. Given several
/// silos of one cluster, calls and new sockets take turns over them (<see cref="EngineRotation"/>).
/// </summary>
public sealed class EngineConnection : IDisposable
{
    private readonly EngineRotation _engines;
    private readonly Uri? _consoleAddress;

    public EngineConnection(Uri address, TimeSpan requestTimeout, Uri? consoleAddress = null, IReadOnlyList<Uri>? spread = null)
    {
        Address = address;
        _consoleAddress = consoleAddress;
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

    public void Dispose() => Http.Dispose();
}
