using System.Diagnostics;

namespace Routing.Testing;

/// <summary>
/// Runs PostgreSQL's command-line tools. initdb and pg_ctl refuse to run as root, so when the tests run as root (CI and
/// these machines do) every tool runs as the <c>postgres</c> OS user through runuser.
/// </summary>
internal static class PostgresServerCommands
{
    public const string ServiceUser = "postgres";

    public static bool RunsAsRoot => Environment.IsPrivilegedProcess;

    /// <summary>The bin directory of the newest PostgreSQL installed the Debian way.</summary>
    public static string FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        var candidates = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .ToList()
            : [];
        return candidates.FirstOrDefault() ?? throw new InvalidOperationException(
            $"No PostgreSQL server under {root}/*/bin: install the Debian package 'postgresql', "
            + $"or set {PostgresServer.ConnectionStringVariable} to the connection string of a server the tests may use.");
    }

    /// <summary>Runs a PostgreSQL tool (as the postgres user when we are root); throws with its output if it fails.</summary>
    public static string RunTool(string executable, params string[] arguments) =>
        RunsAsRoot ? Run("runuser", ["-u", ServiceUser, "--", executable, .. arguments]) : Run(executable, arguments);

    /// <summary>Runs a program and returns its output; throws with that output on a non-zero exit.</summary>
    public static string Run(string executable, params string[] arguments)
    {
        var (exitCode, output) = TryRun(executable, arguments);
        return exitCode == 0
            ? output
            : throw new InvalidOperationException($"`{executable} {string.Join(' ', arguments)}` exited with {exitCode}:\n{output}");
    }

    public static (int ExitCode, string Output) TryRunTool(string executable, params string[] arguments) =>
        RunsAsRoot ? TryRun("runuser", ["-u", ServiceUser, "--", executable, .. arguments]) : TryRun(executable, arguments);

    private static (int ExitCode, string Output) TryRun(string executable, string[] arguments)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) startInfo.ArgumentList.Add(argument);
        // initdb takes its locale from the environment; pin one every machine has.
        startInfo.Environment["LC_ALL"] = "C";

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{executable} {string.Join(' ', arguments)}` did not finish within 2 minutes.");
        }
        return (process.ExitCode, output.GetAwaiter().GetResult() + error.GetAwaiter().GetResult());
    }
}
