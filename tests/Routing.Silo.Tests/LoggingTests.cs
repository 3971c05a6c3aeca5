using System.Text.Json;

namespace Routing.Silo.Tests;

/// <summary>The silo's log as an operator reads it: levels per category from configuration, the file, the request log.</summary>
public sealed class LoggingTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Orleans_details_and_request_lines_stay_out_by_default()
    {
        var lines = await LogOf("default");

        Assert.Contains(lines, line => line.Contains("INF] ", StringComparison.Ordinal) && line.Contains("Silo ready on", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("INF] Orleans.", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("HTTP GET", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Configuration_brings_back_orleans_information_and_the_request_log_as_json()
    {
        var lines = await LogOf("verbose", "--Logging:Format=json", "--Logging:LogLevel:Orleans=Information",
            "--Logging:LogLevel:Serilog.AspNetCore=Information");

        var events = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Contains(events, e => e.GetProperty("Level").GetString() == "Information"
            && Property(e, "SourceContext")?.GetString()?.StartsWith("Orleans.", StringComparison.Ordinal) == true);
        Assert.Contains(events, e => Property(e, "RequestPath")?.GetString() == "/v1/workspaces/acme/me" && Property(e, "StatusCode")?.GetInt32() == 401);
    }

    /// <summary>Starts and stops a silo that also writes its log to a file, asks one unauthenticated request, and reads the file.</summary>
    private async Task<string[]> LogOf(string name, params string[] args)
    {
        var file = _directory.File(name + ".log");
        string[] logging = ["--Logging:LogLevel:Default=Information", $"--Logging:File:Path={file}", "--Logging:File:RollingInterval=Infinite"];
        await using (var silo = await RunningSilo.StartAsync([$"--Storage:Sqlite:DatabasePath={_directory.File(name + ".db")}", .. logging, .. args]))
        {
            using var response = await silo.Http.GetAsync("/v1/workspaces/acme/me");
        }
        return File.ReadAllLines(file);
    }

    private static JsonElement? Property(JsonElement logEvent, string name) =>
        logEvent.TryGetProperty("Properties", out var properties) && properties.TryGetProperty(name, out var value) ? value : null;

    public void Dispose() => _directory.Dispose();
}
