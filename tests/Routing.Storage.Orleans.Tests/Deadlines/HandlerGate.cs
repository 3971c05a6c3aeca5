namespace Routing.Storage.Orleans.Tests.Deadlines;

/// <summary>Holds the handlers that pass it until the test opens it, counting how many were inside at once.</summary>
public sealed class HandlerGate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inside, _mostInside, _entered;

    public int Inside => Volatile.Read(ref _inside);

    public int MostInside => Volatile.Read(ref _mostInside);

    public int Entered => Volatile.Read(ref _entered);

    public void Open() => _open.TrySetResult();

    public async Task PassAsync()
    {
        Interlocked.Increment(ref _entered);
        var inside = Interlocked.Increment(ref _inside);
        for (var most = MostInside; inside > most; most = MostInside) Interlocked.CompareExchange(ref _mostInside, inside, most);
        try
        {
            await _open.Task;
        }
        finally
        {
            Interlocked.Decrement(ref _inside);
        }
    }
}
