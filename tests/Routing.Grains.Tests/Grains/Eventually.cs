namespace Routing.Grains.Tests.Grains;

/// <summary>
/// Waits for work the runtime finishes after a test's action, such as a deadline delivered once manual time moved
/// (not for time to pass: time is manual). The limit only keeps a broken test from hanging CI.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task True(Func<Task<bool>> condition, string because)
    {
        var started = DateTime.UtcNow;
        while (!await condition())
        {
            if (DateTime.UtcNow - started > Limit) Assert.Fail($"Condition never became true: {because}");
            await Task.Delay(5);
        }
    }
}
