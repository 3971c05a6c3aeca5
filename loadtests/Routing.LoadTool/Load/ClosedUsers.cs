namespace Routing.LoadTool.Load;

/// <summary>
/// Closed model: each phase keeps its number of users; a user runs an iteration, waits for it, thinks, and runs the
/// next until the phase ends. The offered rate thus falls when the engine slows (unlike <see cref="OpenInjector"/>).
/// </summary>
public sealed class ClosedUsers(IReadOnlyList<UsersPhase> phases, TimeProvider time)
{
    private long _iterations;

    /// <summary>Iterations started so far.</summary>
    public long Started => Interlocked.Read(ref _iterations);

    /// <summary>Runs the phases one after another; <paramref name="iterate"/> gets (user, iteration number).</summary>
    public async Task RunAsync(Func<int, long, Task> iterate, CancellationToken cancellation)
    {
        foreach (var phase in phases)
        {
            var start = time.GetTimestamp();
            var users = Enumerable.Range(0, phase.Users).Select(user => Task.Run(() => UserAsync(user, phase, start, iterate, cancellation), CancellationToken.None));
            await Task.WhenAll(users);
            if (cancellation.IsCancellationRequested) return;
        }
    }

    private async Task UserAsync(int user, UsersPhase phase, long start, Func<int, long, Task> iterate, CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested && time.GetElapsedTime(start) < phase.During)
        {
            var number = Interlocked.Increment(ref _iterations) - 1;
            try
            {
                await iterate(user, number);
            }
            catch (Exception)
            {
                // Recorded by the iteration's steps; a user carries on, as a person would retry.
            }
            if (phase.Think > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(phase.Think, time, cancellation);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
