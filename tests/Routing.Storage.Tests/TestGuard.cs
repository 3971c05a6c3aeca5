namespace Routing.Storage.Tests;

/// <summary>
/// A ceiling on waits that only a bug could make endless, so a broken build fails instead of hanging. Never a timing
/// assertion: every test is correct whatever the speed of the machine.
/// </summary>
internal static class TestGuard
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
}
