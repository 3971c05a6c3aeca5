using System.Threading.Channels;

namespace Routing.LoadTests.Calls;

/// <summary>
/// The baseline "actor": one channel, one reader loop on the thread pool, replies through a TaskCompletionSource
/// created with RunContinuationsAsynchronously, exactly as the grain runtime's replies are. A call therefore hops
/// caller → reader loop → caller continuation, the same two thread-pool hops a grain call makes
/// (caller → activation turn → reply continuation), minus everything the runtime adds on top.
/// </summary>
public sealed class ChannelActor : IAsyncDisposable
{
    private readonly Channel<AddRequest> _mailbox =
        Channel.CreateUnbounded<AddRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private int _sum;

    public ChannelActor() => _loop = Task.Run(RunAsync);

    /// <summary>The baseline's equivalent of <c>IAdderGrain.Add</c>.</summary>
    public Task<int> Add(int value)
    {
        var request = new AddRequest(value, new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));
        _mailbox.Writer.TryWrite(request);
        return request.Reply.Task;
    }

    private async Task RunAsync()
    {
        var reader = _mailbox.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var request))
            {
                _sum += request.Value;
                request.Reply.SetResult(_sum);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _mailbox.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private sealed record AddRequest(int Value, TaskCompletionSource<int> Reply);
}
