using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Routing.Storage.Orleans.Deadlines;

/// <summary>
/// Durable deadlines as a ring-partitioned grain service, built like Orleans' own reminder service: each silo's instance
/// owns the grains of its part of Orleans' consistent ring, holds in memory only their deadlines due within the window
/// (<see cref="DeadlineAgenda"/>), reads that much again periodically and whenever its range changes
/// (<see cref="DeadlineRefiller"/>), and fires them behind one timer (<see cref="DeadlineDispatcher"/>). When a silo
/// dies, the silos taking over its range read its deadlines from storage.
/// </summary>
internal sealed class DeadlineService : GrainService, IDeadlineService
{
    private readonly IDurableStore _store;
    private readonly DeadlineAgenda _agenda;
    private readonly DeadlineRefiller _refiller;
    private readonly DeadlineDispatcher _dispatcher;
    private readonly DeadlineOptions _options;
    private readonly ILogger<DeadlineService> _logger;

    public DeadlineService(
        GrainId id, Silo silo, ILoggerFactory loggerFactory, IDurableStore store, DeadlineAgenda agenda, DeadlineRefiller refiller,
        DeadlineDispatcher dispatcher, IOptions<DeadlineOptions> options)
        : base(id, silo, loggerFactory)
    {
        _store = store;
        _agenda = agenda;
        _refiller = refiller;
        _dispatcher = dispatcher;
        _options = options.Value;
        _logger = loggerFactory.CreateLogger<DeadlineService>();
    }

    // Before the silo takes calls: the schema is current and every stored deadline has its grain's ring position.
    public override async Task Init(IServiceProvider serviceProvider)
    {
        await base.Init(serviceProvider);
        await _store.InitializeAsync();
        var filled = await _store.FillMissingDeadlineHashesAsync(GrainHashes.Of);
        if (filled > 0) _logger.LogInformation("Stored the ring position of the deadlines of {Count} grains that had none", filled);
    }

    protected override async Task StartInBackground()
    {
        await _refiller.OwnAsync(RingRange);
        await base.StartInBackground(); // Started: from now on the range's changes arrive in OnRangeChange
    }

    public override async Task OnRangeChange(IRingRange oldRange, IRingRange newRange, bool increased)
    {
        await base.OnRangeChange(oldRange, newRange, increased);
        _ = _refiller.OwnAsync(newRange); // the read runs on its own; this turn need not wait for it
    }

    public override async Task Stop()
    {
        await _refiller.DisposeAsync();
        await _dispatcher.StopAsync(drain: true);
        await base.Stop();
    }

    public Task Stored(GrainId grain, string name, DateTimeOffset dueAt, string? payload, Guid token)
    {
        var hash = GrainHashes.Of(grain);
        // Sent here by a silo whose view of the ring is behind: the owner's refill loads it from storage.
        if (!_refiller.Owned.Owns(hash)) return Task.CompletedTask;
        var record = new DeadlineRecord(grain.Type.ToString()!, grain.Key.ToString()!, name, dueAt, payload, token, hash);
        _agenda.Stored(new PendingDeadline(new DeadlineKey(grain, name), record), _dispatcher.Time.GetUtcNow() + _options.Window);
        _dispatcher.Arm();
        return Task.CompletedTask;
    }

    public Task Cancelled(GrainId grain, string name)
    {
        _agenda.Forget(new DeadlineKey(grain, name));
        return Task.CompletedTask;
    }
}
