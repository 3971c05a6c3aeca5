using Routing.LoadTool.Cli;
using Spectre.Console;

// routing-load: see README.md. Ctrl-C stops the load, then reports what was measured.
using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};
// Redirected (CI, a log file): wide enough that the summary tables do not wrap.
if (!AnsiConsole.Profile.Capabilities.Interactive) AnsiConsole.Profile.Width = 160;
return await LoadToolApp.RunAsync(args, AnsiConsole.Console, Environment.GetEnvironmentVariable, stopping.Token);
