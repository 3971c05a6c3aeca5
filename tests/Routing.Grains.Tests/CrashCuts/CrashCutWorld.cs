using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Routing.ClientApi.Operations;
using Routing.GrainInterfaces;
using Routing.Grains.Hosting;
using Routing.Grains.State;
using Routing.Grains.Tests.Grains;
using Routing.Storage;
using Routing.Testing;

namespace Routing.Grains.Tests.CrashCuts;

/// <summary>
/// A workspace on a silo whose storage can die at a cut point, then a new silo on the same database (the restart),
/// driven through the same operations the REST and WebSocket endpoints call, as a client would.
/// </summary>
internal sealed class CrashCutWorld : IAsyncDisposable
{
    private readonly CrashStore _store;
    private readonly List<TestSilo> _silos = [];

    private CrashCutWorld(CrashStore store, TestSilo silo, CuttingStorage storage)
    {
        _store = store;
        Silo = silo;
        Storage = storage;
        World = new RoutingWorld(silo.Factory);
        _silos.Add(silo);
    }

    public TestSilo Silo { get; private set; }
    public CuttingStorage Storage { get; private set; }
    public RoutingWorld World { get; }
    public FakeTimeProvider Time => Silo.Time;
    public string Ws => World.WorkspaceId;

    /// <summary>Every conversation the flow made; the checks look at each.</summary>
    public List<string> Conversations { get; } = [];

    public IntakeOperations Intake => new(Silo.Factory);
    public SupervisorOperations Supervisor => new(Silo.Factory, Time);
    public OperatorOperations Operators => new(Silo.Factory, Supervisor);

    /// <summary>A customer's chat message with a connector's idempotency key, as the REST intake takes it.</summary>
    public async Task<IntakeResult> Message(string customer, string idempotencyKey, string text = "hello")
    {
        var (result, _) = await Intake.Receive(Ws, new IntakeMessage(Channel.Chat, customer, text), idempotencyKey, $"{customer}:{text}");
        if (!Conversations.Contains(result.ConversationId)) Conversations.Add(result.ConversationId);
        return result;
    }

    public Task<ConversationView> View(int conversation) => World.Conversation(Conversations[conversation]).Get();

    public IConversationControlGrain Control(int conversation) =>
        Silo.Factory.GetGrain<IConversationControlGrain>(RoutingKeys.ConversationControl(Ws, Conversations[conversation]));

    /// <summary>
    /// A time-driven flow: the clock moves on, then the engine acts by itself until <paramref name="done"/> holds, or
    /// until the storage died at the cut.
    /// </summary>
    public async Task<string> AfterTime(TimeSpan span, Func<Task<bool>> done)
    {
        // In steps, as time passes for a real silo: the deadline service reads what falls due a window ahead on a timer,
        // and a read that completes after one big jump would only be acted on at the next tick.
        _actUntil = Time.GetUtcNow() + span;
        var steps = (int)Math.Ceiling(span / TimeSpan.FromSeconds(30));
        for (var step = 0; step < steps && !Storage.Crashed; step++)
        {
            Time.Advance(span / steps);
            if (!Storage.Crashed) await DeadlinesDrained();
        }
        await Eventually.True(async () => Storage.Crashed || await done(), "the time-driven flow finished or was cut");
        return "";
    }

    public static async Task<CrashCutWorld> StartAsync(string provider)
    {
        var store = await CrashStore.CreateAsync(provider);
        var warnings = new WarningLog();
        var (silo, storage) = await StartSiloAsync(store, new FakeTimeProvider(TestClock.MondayMorning), warnings);
        return new CrashCutWorld(store, silo, storage) { Warnings = warnings };
    }

    /// <summary>What the running silo (the restarted one, after a crash) logged at warning level or above.</summary>
    public WarningLog Warnings { get; private set; } = new();

    private static async Task<(TestSilo, CuttingStorage)> StartSiloAsync(CrashStore store, FakeTimeProvider time, WarningLog warnings)
    {
        CuttingStorage? storage = null;
        var silo = await TestSilo.StartAsync(silo => silo.AddRoutingGrains(),
            s =>
            {
                s.AddSingleton<IDurableStore>(_ => storage = new CuttingStorage(store.Open(time)));
                s.AddSingleton<ILoggerProvider>(warnings);
            }, time: time);
        return (silo, storage!);
    }

    /// <summary>
    /// The process dies (if the cut did not already kill its storage, it dies now) and a new one starts on the same
    /// database, its clock where the old one stopped. The old silo is never stopped: no deactivation, no flush.
    /// </summary>
    public async Task CrashAndRestartAsync()
    {
        await Silo.CrashAsync();
        Warnings = new WarningLog();
        var (silo, storage) = await StartSiloAsync(_store, new FakeTimeProvider(Time.GetUtcNow()), Warnings);
        Silo = silo;
        Storage = storage;
        World.Factory = silo.Factory;
        _silos.Add(silo);
    }

    /// <summary>
    /// Lets the engine finish what it owes after a restart: moves the clock in steps (resume deadlines wait 30 s) and
    /// waits each time until no due deadline is left in storage, then lets one-way notifications land.
    /// </summary>
    /// <param name="expected">The outcome the uncut run reached, when known: what the world is given real time to become.</param>
    public async Task RecoverAsync(TimeSpan span, string? expected = null)
    {
        // A time-driven flow cut early goes on where its clock was heading: its event is still to come.
        var now = Time.GetUtcNow();
        var until = (_actUntil is { } goal && goal > now ? goal : now) + span;
        while (Time.GetUtcNow() < until)
        {
            var step = until - Time.GetUtcNow();
            Time.Advance(step < RecoveryStep ? step : RecoveryStep);
            await DeadlinesDrained();
            await World.Settle();
        }
        // Work re-asked every 30 s (a rescue, a hand-over, an inactivity close) or a move still under way (its resume
        // deadline stands) may need a few more steps: the world is judged once two steps (longer than a re-ask) in a row
        // changed nothing.
        var outcome = await OutcomeOnceLanded(expected);
        for (int extra = 0, unchanged = 0; extra < 12 && unchanged < 2; extra++)
        {
            Time.Advance(RecoveryStep);
            await DeadlinesDrained();
            await World.Settle();
            var next = await OutcomeOnceLanded(expected);
            unchanged = next == outcome && !await MoveUnderWay() ? unchanged + 1 : 0;
            outcome = next;
        }
    }

    /// <summary>
    /// The world's outcome once the work already sent has landed. A rescue, a hand-over and an inactivity close reach the
    /// control grain one-way, which neither the deadline's handling nor <see cref="RoutingWorld.Settle"/> waits for; on a
    /// loaded machine such a call lands well after the clock step that sent it, so a world that is not yet
    /// <paramref name="expected"/> is given real time (polled, <see cref="LandingAllowance"/> at most) before the clock
    /// moves on and the steps are counted as changing nothing.
    /// </summary>
    private async Task<string> OutcomeOnceLanded(string? expected)
    {
        var outcome = await CrashCutChecks.Outcome(this);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (expected is not null && outcome != expected && waited.Elapsed < LandingAllowance)
        {
            await Task.Delay(50);
            await World.Settle(); // a dialog that came back is placed by its department
            outcome = await CrashCutChecks.Outcome(this);
        }
        return outcome;
    }

    private static readonly TimeSpan LandingAllowance = TimeSpan.FromSeconds(5);

    private async Task<bool> MoveUnderWay() =>
        (await Storage.ReadDueDeadlinesAsync(DateTimeOffset.MaxValue.AddDays(-1), int.MaxValue)).Any(d => d.GrainType == "conversation-control");

    private static readonly TimeSpan RecoveryStep = TimeSpan.FromSeconds(20);
    private DateTimeOffset? _actUntil;

    /// <summary>
    /// Waits until no deadline due by now is left in storage. A delivery that failed is retried after a backoff of the
    /// silo's clock, which moves only when told: while something is still due, the clock creeps on a second at a time
    /// (at most <see cref="MaxCreep"/>), as it would for a real silo meanwhile.
    /// </summary>
    public async Task DeadlinesDrained()
    {
        var now = Time.GetUtcNow();
        var creep = TimeSpan.Zero;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await Storage.ReadDueDeadlinesAsync(now, 1)).Count > 0)
        {
            if (creep >= MaxCreep)
                throw new TimeoutException($"a deadline due by {now:O} was still not handled {MaxCreep.TotalSeconds} s later; the silo logged:\n"
                    + string.Join("\n", Warnings.Lines.TakeLast(10)) + "\nthe database:\n" + await _store.ActivityAsync());
            // A handler under way (a few database round trips, each an fsync on a busy machine) is given real time first;
            // only then does the clock creep, for a delivery that failed and waits for its backoff.
            await Task.Delay(waited.Elapsed < TimeSpan.FromSeconds(2) ? 10 : 100);
            if (waited.Elapsed < TimeSpan.FromSeconds(2)) continue;
            Time.Advance(TimeSpan.FromSeconds(1));
            creep += TimeSpan.FromSeconds(1);
        }
    }

    private static readonly TimeSpan MaxCreep = TimeSpan.FromSeconds(60);


    public async ValueTask DisposeAsync()
    {
        // The last silo stops cleanly; the crashed ones were cut off already.
        await Silo.StopAsync();
        await _store.DisposeAsync();
    }
}
