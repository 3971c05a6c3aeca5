using System.Runtime;
using System.Runtime.InteropServices;

namespace Routing.LoadTests.Reporting;

/// <summary>Prints what the figures depend on: cores, load (the machine is shared), runtime and GC mode.</summary>
public static class MachineReport
{
    public static void Print(LoadTestOptions options)
    {
        Console.WriteLine($"# Routing load tests: {options.Verb}{(options.Quick ? " (quick smoke run, not a measurement)" : "")}");
        Console.WriteLine($"date (UTC)      : {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm}");
        Console.WriteLine($"cores           : {Environment.ProcessorCount}");
        Console.WriteLine($"load average    : {LoadAverage()}");
        Console.WriteLine($"runtime         : {RuntimeInformation.FrameworkDescription} {RuntimeInformation.ProcessArchitecture}");
        Console.WriteLine($"GC              : {(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}");
        Console.WriteLine();
    }

    /// <summary>The 1, 5 and 15 minute load averages, from /proc/loadavg where there is one.</summary>
    public static string LoadAverage()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) ? string.Join(' ', File.ReadAllText(path).Split(' ').Take(3)) : "unknown";
    }
}
