using System.Reflection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Routing.Runtime.Activations;
using Routing.Runtime.Calls;
using Routing.Runtime.Deadlines;
using Routing.Runtime.Events;
using Routing.Runtime.Metrics;
using Routing.Runtime.State;
using Routing.Storage;
using Routing.Runtime.Types;

namespace Routing.Runtime;

/// <summary>
/// The silo's grain runtime: hands out references, routes calls to the one activation per key (creating it on
/// first call), runs the idle collector and durable deadlines, and deactivates everything on shutdown.
/// </summary>
public sealed class GrainRuntime : IGrainFactory, IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly IdleCollector _collector;
    private readonly CallTimeouts _callTimeouts;

    public GrainRuntime(
        IServiceProvider services,
        IOptions<GrainRuntimeOptions> options,
        GrainRuntimeRegistration registration,
        TimeProvider timeProvider,
        GrainEventHub events,
        GrainRuntimeMetrics metrics,
        ILogger<GrainRuntime> logger,
        IDurableStore? storage = null)
    {
        Options = options.Value;
        Options.Validate();
        Services = services;
        TimeProvider = timeProvider;
        Events = events;
        Metrics = metrics;
        Logger = logger;
        Storage = storage;
        Types = new GrainTypeRegistry(registration.GrainClasses, metrics);
        StateFactory = new GrainStateFactory(storage, Options);
        Deadlines = new DeadlineService(this, storage, Options, logger);
        _collector = new IdleCollector(this);
        _callTimeouts = new CallTimeouts(timeProvider, Options.CallTimeout);
    }

    public GrainRuntimeOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public GrainEventHub Events { get; }

    public GrainRuntimeMetrics Metrics { get; }

    /// <summary>The storage provider, or null when none is registered (grains without state still work).</summary>
    public IDurableStore? Storage { get; }

    /// <summary>Live activations in this silo.</summary>
    public int ActivationCount => Directory.Count;

    /// <summary>Durable deadlines delivered since start.</summary>
    public long DeadlinesDelivered => Deadlines.Delivered;

    internal IServiceProvider Services { get; }

    internal ILogger Logger { get; }

    internal GrainTypeRegistry Types { get; }

    internal ActivationDirectory Directory { get; } = new();

    internal GrainStateFactory StateFactory { get; }

    internal DeadlineService Deadlines { get; }

    internal CancellationToken StoppingToken => _stopping.Token;

    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var grainInterface = Types.GetInterface(typeof(TGrain));
        var proxy = DispatchProxy.Create<TGrain, GrainReference>();
        ((GrainReference)(object)proxy).Initialize(this, grainInterface, new GrainId(grainInterface.GrainClass.TypeName, key));
        return proxy;
    }

    internal void Dispatch(GrainReference target, GrainRequest request)
    {
        var chain = request.IsOneWay ? null
            : SynchronizationContext.Current is Activation caller ? caller.CurrentChainLink ?? CallChain.Current : CallChain.Current;
        if (chain is not null)
        {
            request.Caller = chain;
            var busy = CallChain.FindBusy(chain, target.GrainId);
            if (busy is not null && !MayReenter(target.GrainClass, request, busy))
            {
                request.Fail(new GrainCallCycleException(
                    $"Call chain {CallChain.Describe(chain)} -> {target.GrainId}.{request.MethodName} cycles back into {target.GrainId}, which is busy with " +
                    $"{busy.MethodName} earlier in the same chain: waiting would deadlock. Make {target.GrainClass.ClassType.Name} " +
                    "[Reentrant], mark both methods [ReadOnly] if they only read, or break the cycle."));
                return;
            }
        }
        if (target.GrainClass.IsReentrant && request.Admission == Admission.Exclusive) request.Admission = Admission.Interleave;
        request.Target = target.GrainId;
        request.DispatchedAt = TimeProvider.GetTimestamp();
        if (!request.IsOneWay) _callTimeouts.Track(request);
        if (target.CachedActivation is { } cached && cached.Enqueue(request)) return;
        target.CachedActivation = Route(target.GrainId, target.GrainClass, request);
    }

    /// <summary>Sends a request that its activation gave back while deactivating to the grain's next activation.</summary>
    internal void Redispatch(GrainId grainId, GrainClassInfo grainClass, GrainRequest request) => Route(grainId, grainClass, request);

    internal Task DeliverDeadlineAsync(GrainId grainId, DeadlineTick tick)
    {
        var grainClass = Types.GetClass(grainId.Type);
        if (!grainClass.IsDeadlineReceiver)
            throw new InvalidOperationException($"{grainClass.ClassType} has durable deadlines but does not implement IDeadlineReceiver.");
        var request = new DelegateRequest(nameof(IDeadlineReceiver.ReceiveDeadlineAsync),
            grain => ((IDeadlineReceiver)grain).ReceiveDeadlineAsync(tick),
            Metrics.ForMethod(grainClass.TypeName, nameof(IDeadlineReceiver.ReceiveDeadlineAsync)));
        if (grainClass.IsReentrant) request.Admission = Admission.Interleave;
        Route(grainId, grainClass, request);
        return request.Done;
    }

    private static bool MayReenter(GrainClassInfo grainClass, GrainRequest incoming, GrainRequest busy) =>
        grainClass.IsReentrant || (incoming.Admission != Admission.Exclusive && busy.Admission != Admission.Exclusive);

    private Activation? Route(GrainId grainId, GrainClassInfo grainClass, GrainRequest request)
    {
        var spin = new SpinWait();
        while (true)
        {
            if (!Directory.TryGet(grainId, out var activation))
            {
                if (_stopping.IsCancellationRequested)
                {
                    request.Fail(new GrainRuntimeStoppedException($"The runtime is stopping; {grainId} is not activated again."));
                    return null;
                }
                activation = Directory.GetOrAdd(new Activation(this, grainId, grainClass), out var added);
                if (added) activation.Start();
            }
            if (activation.Enqueue(request)) return activation;
            spin.SpinOnce(); // that activation is on its way out of the directory
        }
    }

    /// <summary>Runs one idle-collection scan now (the timer does it every CollectionQuantum).</summary>
    public int CollectIdleActivations() => _collector.Collect();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Storage is not null)
        {
            await Storage.InitializeAsync(cancellationToken);
            Logger.LogInformation("Grain storage {Provider} ready", Storage.ProviderName);
        }
        await Deadlines.StartAsync(cancellationToken);
        _collector.Start();
        Logger.LogInformation("Grain runtime started with {GrainTypes} grain types", Types.Classes.Count());
    }

    /// <summary>
    /// Stops deadlines, then deactivates every activation (running OnDeactivateAsync) so state is flushed. The host's
    /// <paramref name="cancellationToken"/> does not cut this short, since state not written now would be lost:
    /// <see cref="GrainRuntimeOptions.DeactivationTimeout"/> bounds it, and what is still running then is logged and left.
    /// Never throws.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested) return;
        _stopping.Cancel();
        _collector.Dispose();
        _callTimeouts.Sweep();
        // Armed before any deactivation starts: one budget for the whole stop, on the runtime's clock.
        using var giveUp = new CancellationTokenSource(Options.DeactivationTimeout, TimeProvider);
        await Deadlines.StopAsync(giveUp.Token);
        var activations = Directory.All.ToList();
        Logger.LogInformation("Deactivating {Count} activations", activations.Count);
        var deactivations = activations.Select(a => (a.GrainId, Done: a.DeactivateAsync(DeactivationReason.RuntimeShutdown))).ToList();
        try
        {
            await Task.WhenAll(deactivations.Select(d => d.Done)).WaitAsync(giveUp.Token);
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            var unfinished = deactivations.Where(d => !d.Done.IsCompleted).Select(d => d.GrainId).ToList();
            Logger.LogError("{Count} activations did not deactivate within Runtime:DeactivationTimeout ({Timeout}); their state may not be written: {GrainIds}",
                unfinished.Count, Options.DeactivationTimeout, string.Join(", ", unfinished.Take(20)));
        }
        catch (Exception e)
        {
            // A stop must end: a failed deactivation is logged (the activation logged its own error), never thrown at the host.
            Logger.LogError(e, "Deactivating activations failed");
        }
        if (cancellationToken.IsCancellationRequested)
            Logger.LogWarning("The runtime stopped after the host's shutdown timeout had passed; it deactivated its grains anyway");
        Logger.LogInformation("Grain runtime stopped");
    }
}
