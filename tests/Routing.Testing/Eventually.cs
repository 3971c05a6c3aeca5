namespace Routing.Testing;

/// <summary>
/// Waits for work the runtime finishes after a test's action, such as a deadline delivered once fake time moved or
/// a one-way call (not for time to pass: time is manual). The generous limit only keeps a broken test from hanging CI;
/// it asserts nothing about speed.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static Task True(Func<bool> condition, string because, TimeSpan? limit = null) =>
        True(() => Task.FromResult(condition()), because, limit);

    public static async Task True(Func<Task<bool>> condition, string because, TimeSpan? limit = null)
    {
        var started = DateTime.UtcNow;
        while (!await condition())
        {
            if (DateTime.UtcNow - started > (limit ?? Limit)) throw new TimeoutException($"Condition never became true: {because}");
            await Task.Delay(5);
        }
    }

    public static Task<T> Within<T>(Task<T> task) => task.WaitAsync(Limit);

    public static Task Within(Task task, TimeSpan? limit = null) => task.WaitAsync(limit ?? Limit);
}
