using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Routing.Storage;

namespace Routing.Silo.Tests;

/// <summary>The silo with its default embedded storage, in a temporary directory.</summary>
public sealed class SqliteSiloTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string[] Args => [$"--Storage:Sqlite:DatabasePath={_directory.File("routing.db")}"];

    [Fact]
    public async Task Health_reports_reachable_sqlite_and_activation_count()
    {
        await using var silo = await RunningSilo.StartAsync(Args, NoteGrain.AddTo);

        Assert.Equal(new HealthBody(HttpStatusCode.OK, "healthy", "sqlite", true, 0), await HealthBody.GetAsync(silo.Http));

        await silo.Services.GetRequiredService<IGrainFactory>().GetGrain<INoteGrain>("acme/note-1").Keep("hello");
        Assert.Equal(1, (await HealthBody.GetAsync(silo.Http)).Activations);
    }

    [Fact]
    public async Task Stats_grains_serves_the_runtime_snapshot()
    {
        await using var silo = await RunningSilo.StartAsync(Args, NoteGrain.AddTo);
        var grain = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<INoteGrain>("acme/note-1");
        await grain.Keep("hello");
        await grain.Read();

        using var response = await silo.Http.GetAsync("/stats/grains");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var note = Assert.Single(json.RootElement.GetProperty("grainTypes").EnumerateArray());
        Assert.Equal(NoteGrain.TypeName, note.GetProperty("grainType").GetString());
        Assert.Equal(1, note.GetProperty("activations").GetInt64());
        var methods = note.GetProperty("methods").EnumerateArray().ToDictionary(m => m.GetProperty("method").GetString()!);
        Assert.Equal(1, methods[nameof(INoteGrain.Keep)].GetProperty("calls").GetInt64());
        Assert.Equal(1, methods[nameof(INoteGrain.Read)].GetProperty("calls").GetInt64());
        Assert.True(methods[nameof(INoteGrain.Read)].TryGetProperty("p99Micros", out _));
    }

    [Fact]
    public async Task An_unknown_path_is_answered_with_problem_details()
    {
        await using var silo = await RunningSilo.StartAsync(Args);

        using var response = await silo.Http.GetAsync("/no/such/endpoint");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, json.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Graceful_stop_writes_grain_state_before_the_storage_closes()
    {
        await using (var first = await RunningSilo.StartAsync(Args, NoteGrain.AddTo))
            await first.Services.GetRequiredService<IGrainFactory>().GetGrain<INoteGrain>("acme/note-1").Keep("kept across restart");

        await using var second = await RunningSilo.StartAsync(Args, NoteGrain.AddTo);
        Assert.Equal("kept across restart", await second.Services.GetRequiredService<IGrainFactory>().GetGrain<INoteGrain>("acme/note-1").Read());
    }

    [Fact]
    public async Task Storage_outlives_the_runtime_stop_and_closes_with_the_container()
    {
        var silo = await RunningSilo.StartAsync(Args, NoteGrain.AddTo);
        await silo.Services.GetRequiredService<IGrainFactory>().GetGrain<INoteGrain>("acme/note-1").Keep("flushed at stop");
        var storage = silo.Services.GetRequiredService<IDurableStore>();
        var key = new GrainStateKey(NoteGrain.TypeName, "acme/note-1", NoteGrain.StateName);

        await silo.StopAsync();
        // The runtime has deactivated the grain, which wrote through a storage that is still open.
        var stored = await storage.ReadStateAsync(key);
        Assert.NotNull(stored);

        await silo.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => storage.ReadStateAsync(key));
    }

    [Fact]
    public async Task The_web_server_stops_before_the_Orleans_silo_so_requests_still_in_flight_reach_their_grains()
    {
        await using var app = SiloApp.Build(Args);
        // The host stops its services in the reverse order of their registration.
        var services = app.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).ToList();

        var silo = services.IndexOf("SiloHostedService");
        Assert.True(silo >= 0 && silo < services.IndexOf("GenericWebHostService"), string.Join(", ", services));
    }

    public void Dispose() => _directory.Dispose();
}
