using System.Text.Json;
using Routing.LoadTool.Cli;
using Routing.LoadTool.Stub;
using Spectre.Console.Testing;

namespace Routing.LoadTool.Tests;

/// <summary>The generator's ceiling scenarios against the stub engine, as `routing-load stub` serves it.</summary>
public sealed class StubCeilingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("load-stub-").FullName;

    [Fact]
    public async Task Requests_and_sockets_run_against_the_stub()
    {
        await using var stub = StubEngine.Build(0);
        await stub.StartAsync();
        var console = new TestConsole();

        var exit = await LoadToolApp.RunAsync(
            ["run", "requests,sockets", "--smoke", "--engine", StubEngine.Address(stub).ToString(), "--bootstrap-key", "any", "--out", _directory,
                "--threshold", "errors<0.1%"],
            console, _ => null, CancellationToken.None);

        Assert.True(exit == LoadToolApp.Passed, console.Output);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_directory, "report.json")));
        var scenarios = report.RootElement.GetProperty("scenarios");
        Assert.Equal(50, scenarios[0].GetProperty("totals")[0].GetProperty("ok").GetInt64()); // a ramp 0 → 50/s over 2 s
        Assert.Equal("20 of 20 open at the end", scenarios[1].GetProperty("checks")[0].GetProperty("detail").GetString());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
