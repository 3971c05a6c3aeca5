using System.Runtime.InteropServices;
using Routing.LoadTool.Cli;
using Spectre.Console;

// routing-load: see README.md. Ctrl-C (or SIGTERM) stops the load, then reports what was measured.
using var stopping = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
// Redirected (CI, a log file): wide enough that the summary tables do not wrap.
if (!AnsiConsole.Profile.Capabilities.Interactive) AnsiConsole.Profile.Width = 160;
return await LoadToolApp.RunAsync(args, AnsiConsole.Console, Environment.GetEnvironmentVariable, stopping.Token);

void Stop(PosixSignalContext signal)
{
    signal.Cancel = true; // stop the load, still write the reports
    stopping.Cancel();
}
