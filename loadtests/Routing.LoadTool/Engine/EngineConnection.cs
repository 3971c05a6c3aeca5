using System.Net;
using Routing.LoadCommon.Realtime;

namespace Routing.LoadTool.Engine;

/// <summary>One HTTP client for every REST call of a run: pooled connections, no per-host limit, a bounded wait.</summary>
public sealed class EngineConnection : IDisposable
{
    public EngineConnection(Uri address, TimeSpan requestTimeout, Uri? consoleAddress = null)
    {
        Address = address;
        ConsoleAddress = consoleAddress ?? address;
        Http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.None,
        })
        { BaseAddress = address, Timeout = requestTimeout };
        Rest = new RestCalls(Http);
    }

    public Uri Address { get; }

    /// <summary>Where the operators' consoles connect their WebSocket: the engine, or another silo of its cluster.</summary>
    public Uri ConsoleAddress { get; }
    public HttpClient Http { get; }
    public RestCalls Rest { get; }

    public void Dispose() => Http.Dispose();
}
