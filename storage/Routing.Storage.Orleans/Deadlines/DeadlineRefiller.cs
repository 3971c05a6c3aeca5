using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Routing.Storage.Orleans.Deadlines;

/// <summary>
/// Keeps the agenda in step with storage for the ring range this silo owns: it reads only the deadlines of that range
/// due within the window, every half window and whenever the range changes. Reads never overlap: a request made while
/// one runs makes one more read after it.
/// </summary>
internal sealed class DeadlineRefiller(
    IDurableStore store,
    DeadlineAgenda agenda,
    DeadlineDispatcher dispatcher,
    IOptions<DeadlineOptions> options,
    [FromKeyedServices(DeadlineOptions.TimeProviderKey)] TimeProvider time,
    ILogger<DeadlineRefiller> logger) : IAsyncDisposable
{
    private readonly DeadlineOptions _options = options.Value;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private volatile OwnedRange _owned = OwnedRange.None;
    private ITimer? _timer;
    private Task? _reading;
    private bool _again;
    private bool _stopped;

    /// <summary>The range this silo owns; none before the service started.</summary>
    public OwnedRange Owned => _owned;

    /// <summary>True once the silo's range was read at least once, and no read is under way now.</summary>
    public bool IsCurrent
    {
        get { lock (_gate) return _hasRead && _reading is null; }
    }

    private volatile bool _hasRead;

    /// <summary>The silo now owns <paramref name="range"/>: drops what it no longer owns and reads what it does.</summary>
    public Task OwnAsync(IRingRange range)
    {
        var owned = new OwnedRange(range);
        var previous = _owned;
        _owned = owned;
        if (!owned.SameAs(previous)) agenda.KeepOnly(owned.Owns);
        lock (_gate)
        {
            if (_stopped) return Task.CompletedTask;
            var period = _options.Window / 2;
            _timer ??= time.CreateTimer(static r => _ = ((DeadlineRefiller)r!).RefillAsync(), this, period, period);
        }
        return RefillAsync();
    }

    /// <summary>Completes once a read begun after this call is applied, or failed (logged; the next period tries again).</summary>
    public Task RefillAsync()
    {
        lock (_gate)
        {
            if (_stopped) return Task.CompletedTask;
            _again = true;
            return _reading ??= Task.Run(ReadWhileAskedAsync);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_stopped) return;
            _stopped = true;
            _timer?.Dispose();
        }
        await _stopping.CancelAsync();
    }

    private async Task ReadWhileAskedAsync()
    {
        while (true)
        {
            lock (_gate)
            {
                if (!_again || _stopped)
                {
                    _reading = null;
                    return;
                }
                _again = false;
            }
            await ReadOnceAsync();
        }
    }

    private async Task ReadOnceAsync()
    {
        var owned = _owned;
        if (owned.Ranges.Count == 0)
        {
            _hasRead = true; // nothing of the ring is this silo's: nothing to read
            return;
        }
        var refill = agenda.BeginRefill();
        var until = time.GetUtcNow() + _options.Window;
        try
        {
            var stored = await store.ReadDueDeadlinesAsync(owned.Ranges, until, int.MaxValue, _stopping.Token);
            // The range changed during the read: the change asked for another read, which applies instead.
            if (!ReferenceEquals(owned, _owned)) return;
            agenda.CompleteRefill(refill, stored, until, owned.Owns);
            _hasRead = true;
            if (stored.Count > 0) logger.LogDebug("Read {Count} deadlines due by {Until} in {Range}", stored.Count, until, owned);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Reading due deadlines from storage failed; the next refill in {Period} tries again", _options.Window / 2);
            return;
        }
        dispatcher.Arm();
    }
}
