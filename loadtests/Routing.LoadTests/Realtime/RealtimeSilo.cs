using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Routing.GrainInterfaces.Events;
using Routing.Silo;
using Routing.Testing;

namespace Routing.LoadTests.Realtime;

/// <summary>
/// The real silo (SiloApp: Kestrel, REST, WebSockets, grains, SQLite with fsync in a temporary directory) on a free
/// loopback port, as tests/Routing.Silo.Tests/RunningSilo.cs starts it, with its warnings and errors counted.
/// </summary>
public sealed class RealtimeSilo : IAsyncDisposable
{
    public const string BootstrapKey = "loadtest-bootstrap-key-0123456789abcdef0123456789";

    private readonly WebApplication _app;
    private readonly string _directory;

    private RealtimeSilo(WebApplication app, string directory, SiloLogCounter logs)
    {
        _app = app;
        _directory = directory;
        Logs = logs;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        Http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Address { get; }
    public HttpClient Http { get; }
    public SiloLogCounter Logs { get; }
    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();
    public GrainEventHub Events => _app.Services.GetRequiredService<GrainEventHub>();

    public static async Task<RealtimeSilo> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("routing-realtime-").FullName;
        string[] args =
        [
            "--Urls=http://127.0.0.1:0", $"--Runtime:SiloPort={LoopbackPorts.NextSiloPort()}", "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning", // appsettings.json raises it to Information
            $"--Storage:Sqlite:DatabasePath={Path.Combine(directory, "routing.db")}", $"--Auth:BootstrapKey={BootstrapKey}",
            // The per-connection frame limit (20/s) guards against abusive clients; an operator answering 5 dialogs in a
            // closed loop exceeds it by design, and rate-limit errors would measure the limiter, not the delivery path.
            "--Realtime:FramesPerSecond=100000", "--Realtime:FrameBurst=100000",
        ];
        var builder = SiloApp.CreateBuilder(args);
        var logs = new SiloLogCounter();
        builder.Logging.AddProvider(logs);
        var app = SiloApp.Build(builder);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return new RealtimeSilo(app, directory, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } // SQLite may still hold the file briefly
    }
}
