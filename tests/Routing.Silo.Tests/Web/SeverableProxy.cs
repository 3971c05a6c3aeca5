using System.Net;
using System.Net.Sockets;

namespace Routing.Silo.Tests.Web;

/// <summary>
/// A loopback TCP proxy in front of the silo that a test can cut like a lost network: <see cref="Sever"/> resets every
/// open connection (a WebSocket sees an abnormal close, no close frame), and while <see cref="Hold"/> is on new
/// connections wait unanswered until <see cref="Release"/>, so a client cannot come back before the test lets it.
/// </summary>
internal sealed class SeverableProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _released = Released();
    private readonly Task _accepting;

    public SeverableProxy(Uri target)
    {
        _target = target;
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>The proxy's own address: open pages here instead of at the silo.</summary>
    public Uri Address { get; }

    /// <summary>Resets every connection open now.</summary>
    public void Sever()
    {
        lock (_lock)
        {
            foreach (var client in _open)
            {
                client.Client.LingerState = new LingerOption(true, 0); // RST, as a dead network path looks to both ends
                client.Dispose();
            }
            _open.Clear();
        }
    }

    /// <summary>From now on new connections wait until <see cref="Release"/>.</summary>
    public void Hold()
    {
        lock (_lock) if (_released.Task.IsCompleted) _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Release()
    {
        lock (_lock) _released.TrySetResult();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        Task released;
        lock (_lock) released = _released.Task;
        var upstream = new TcpClient();
        try
        {
            await released.WaitAsync(_stop.Token);
            await upstream.ConnectAsync(_target.Host, _target.Port, _stop.Token);
            lock (_lock)
            {
                _open.Add(client);
                _open.Add(upstream);
            }
            using var cut = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var down = Pump(client.GetStream(), upstream.GetStream(), cut.Token);
            var up = Pump(upstream.GetStream(), client.GetStream(), cut.Token);
            await Task.WhenAny(down, up);
            await cut.CancelAsync();
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
        {
        }
        finally
        {
            lock (_lock)
            {
                _open.Remove(client);
                _open.Remove(upstream);
            }
            client.Dispose();
            upstream.Dispose();
        }
    }

    private static async Task Pump(Stream from, Stream to, CancellationToken cancellationToken)
    {
        try
        {
            await from.CopyToAsync(to, cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or IOException)
        {
        }
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Sever();
        await _accepting;
        _stop.Dispose();
    }
}
