namespace Routing.Runtime.Tests;

/// <summary>
/// Waits for work that the thread pool finishes after a test's action (not for time to pass: time is manual).
/// The generous limit only keeps a broken test from hanging CI; it asserts nothing about speed.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task True(Func<bool> condition, string because, TimeSpan? limit = null)
    {
        var started = DateTime.UtcNow;
        while (!condition())
        {
            if (DateTime.UtcNow - started > (limit ?? Limit)) Assert.Fail($"Condition never became true: {because}");
            await Task.Delay(5);
        }
    }

    public static Task<T> Within<T>(Task<T> task) => task.WaitAsync(Limit);

    public static Task Within(Task task, TimeSpan? limit = null) => task.WaitAsync(limit ?? Limit);
}
