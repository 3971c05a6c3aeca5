namespace Routing.ClientApi.Realtime.Sessions;

/// <summary>
/// The commands a session runs beside its loop instead of in it: in arrival order within a lane (an operator's replies
/// to one conversation), lanes at the same time, at most <c>maxInFlight</c> lanes at once (then the loop waits: the
/// client's backpressure). Without it, a console's reply waited for the durable write of its reply to another dialog,
/// and that dialog's incoming messages waited behind both. Used by the session's loop only.
/// </summary>
internal sealed class CommandLanes(int maxInFlight)
{
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);

    /// <summary>Lanes with a command started and not yet seen finished.</summary>
    public int InFlight => _tails.Count;

    /// <summary>Starts <paramref name="run"/> after the lane's previous command; waits first while too many lanes are busy.</summary>
    public async ValueTask StartAsync(string lane, Func<Task> run)
    {
        if (_tails.Count >= maxInFlight) await MakeRoomAsync();
        _tails[lane] = After(_tails.GetValueOrDefault(lane), run);
    }

    /// <summary>Waits for every command started so far: a command outside the lanes runs after all of them.</summary>
    public async Task DrainAsync()
    {
        if (_tails.Count == 0) return;
        var running = _tails.Values.ToArray();
        _tails.Clear();
        await Task.WhenAll(running);
    }

    private async Task MakeRoomAsync()
    {
        while (true)
        {
            foreach (var (lane, tail) in _tails.ToArray())
                if (tail.IsCompleted) _tails.Remove(lane);
            if (_tails.Count < maxInFlight) return;
            await Task.WhenAny(_tails.Values);
        }
    }

    private static async Task After(Task? previous, Func<Task> run)
    {
        if (previous is not null) await previous;
        await run();
    }
}
