using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Routing.Testing;

/// <summary>
/// The silo executable (Program.cs as an operator runs it), started from the test's output folder: a test project
/// that references silo/Routing.Silo.csproj has it there. Used by the silo's process tests and the load tool's smoke run.
/// </summary>
public sealed partial class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, line) => Receive(line.Data);
        _process.ErrorDataReceived += (_, line) => Receive(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output => string.Join(Environment.NewLine, _output);

    public static SiloProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var executable = Path.Combine(AppContext.BaseDirectory, "Routing.Silo");
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        startInfo.ArgumentList.Add($"--Runtime:SiloPort={LoopbackPorts.NextSiloPort()}"); // first: the test's own arguments win
        foreach (var argument in args) startInfo.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) startInfo.Environment[name] = value;
        return new SiloProcess(Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {executable}."));
    }

    /// <summary>
    /// The address from the "Silo ready on ..." log line. The bound only catches a silo that hangs: a shared 2-core
    /// machine running other tests' silos beside it once took over a minute to start one (joining a cluster included).
    /// </summary>
    public async Task<Uri> WaitUntilReadyAsync()
    {
        var exited = _process.WaitForExitAsync();
        Task first;
        try
        {
            first = await Task.WhenAny(_ready.Task, exited).WaitAsync(TimeSpan.FromMinutes(3));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The silo was not ready within 3 minutes:\n{Output}");
        }
        return first == _ready.Task ? await _ready.Task : throw new InvalidOperationException($"The silo exited before it was ready:\n{Output}");
    }

    /// <summary>kill -9: the process dies at once, as in a crash or an OOM kill; nothing of it runs after this returns.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>What `docker stop` and systemd send.</summary>
    public void Terminate() => Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();

    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    private void Receive(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        if (ReadyLine().Match(line) is { Success: true } ready) _ready.TrySetResult(new Uri(ready.Groups[1].Value));
    }

    [GeneratedRegex(@"Silo ready on (http://\S+?),? ")]
    private static partial Regex ReadyLine();

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
