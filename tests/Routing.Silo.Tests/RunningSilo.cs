using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Routing.Testing;

namespace Routing.Silo.Tests;

/// <summary>The real silo (SiloApp, Kestrel and all) started in the test process on a free loopback port.</summary>
internal sealed class RunningSilo : IAsyncDisposable
{
    private bool _stopped;

    private RunningSilo(WebApplication app, Uri address, WarningLog log)
    {
        App = app;
        Log = log;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    /// <summary>What this silo logged at warning level or above: a failed assertion on a 500 prints <see cref="WarningLog.Errors"/>.</summary>
    public WarningLog Log { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>The port this silo's Orleans endpoint listens on.</summary>
    public int SiloPort => Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Orleans.Configuration.EndpointOptions>>().Value.SiloPort;

    /// <summary>Starts a silo with these arguments on top of a free port and quiet logs.</summary>
    public static async Task<RunningSilo> StartAsync(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = SiloApp.CreateBuilder([.. QuietOnFreePort, .. args]);
        var log = new WarningLog();
        builder.Logging.AddProvider(log);
        customize?.Invoke(builder);
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
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new RunningSilo(app, new Uri(address), log);
    }

    /// <summary>Free HTTP and Orleans silo ports (silos of parallel tests never meet), warnings only.</summary>
    public static string[] QuietOnFreePort =>
        ["--Urls=http://127.0.0.1:0", $"--Runtime:SiloPort={LoopbackPorts.NextSiloPort()}", "--Logging:LogLevel:Default=Warning"];

    /// <summary>Stops the host (the runtime deactivates every grain) without disposing the container yet.</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await App.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await StopAsync();
        await App.DisposeAsync();
    }
}
