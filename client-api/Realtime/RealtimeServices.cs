using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Routing.ClientApi.Auth;
using Routing.ClientApi.Endpoints;
using Routing.ClientApi.Operations;
using Routing.ClientApi.Realtime.Live;
using Routing.ClientApi.Realtime.Queues;
using Orleans;
using Routing.GrainInterfaces.Events;

namespace Routing.ClientApi.Realtime;

/// <summary>What every WebSocket session uses: grains, grain events, the clock, JSON as REST writes it, and the operations.</summary>
internal sealed class RealtimeServices(
    IGrainFactory grains, GrainEventHub events, TimeProvider time, IOptions<JsonOptions> json, ClientApiOptions options,
    SupervisorOperations supervisor, OperatorOperations operators, IntakeOperations intake, IntakeRateLimiter intakeLimiter, Credentials credentials, QueuePositionBoard queues, ILogger<RealtimeServices> logger,
    CustomerCardOperations cards, CallbackOperations callbacks, LiveStatsBoard live)
{
    public IGrainFactory Grains { get; } = grains;
    public GrainEventHub Events { get; } = events;
    public TimeProvider Time { get; } = time;
    public JsonSerializerOptions Json { get; } = json.Value.SerializerOptions;
    public RealtimeOptions Options { get; } = options.Realtime;
    public SupervisorOperations Supervisor { get; } = supervisor;
    public OperatorOperations Operators { get; } = operators;
    public IncomingOperations Incoming { get; } = new(grains, supervisor, time);
    public IntakeOperations Intake { get; } = intake;
    public IntakeRateLimiter IntakeLimiter { get; } = intakeLimiter;
    public Credentials Credentials { get; } = credentials;
    public QueuePositionBoard Queues { get; } = queues;
    public ILogger Logger { get; } = logger;
    public CustomerCardOperations Cards { get; } = cards;
    public CallbackOperations Callbacks { get; } = callbacks;
    public LiveStatsBoard Live { get; } = live;
}
