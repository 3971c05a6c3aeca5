using Routing.GrainInterfaces;
using Routing.Grains.State;
using Orleans.Concurrency;
using Routing.Storage;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Grains.Grains;

/// <summary>
/// Remembers the first answer to one connector idempotency key. Not reentrant: a retry arriving while the first call runs
/// waits for it and gets its answer. The answer is stored before it is returned; a durable deadline forgets it after
/// <see cref="IntakeIdempotency.Retention"/>. The key goes down with the message as its client message id, so a crash
/// after intake accepted the message and before the answer was stored does not store it twice: the retry finds it.
/// </summary>
[GrainType("intake-idempotency")]
public sealed class IntakeIdempotencyGrain(
    [PersistentState("intake-idempotency")] IPersistentState<IntakeIdempotencyState> state,
    IDurableStore storage) : RoutingGrain, IIntakeIdempotencyGrain, IDeadlineReceiver
{
    private const string ExpiryDeadline = "expire";

    public async Task<IdempotentIntakeResult> Receive(string fingerprint, IntakeMessage message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fingerprint);
        ArgumentNullException.ThrowIfNull(message);
        var now = TimeProvider.GetUtcNow();
        if (state.State.Result is { } stored && now < state.State.StoredAt + IntakeIdempotency.Retention)
        {
            if (state.State.Fingerprint != fingerprint)
                throw new RoutingRefusedException(RoutingRefusedException.IdempotencyKeyReused, "this Idempotency-Key was already used for a different request");
            return new IdempotentIntakeResult(stored, Replayed: true);
        }

        // The key travels with the message, so a retry after a crash that came before the answer was stored is not stored twice.
        var result = await GrainFactory.GetGrain<IIntakeGrain>(RoutingKeys.Intake(WorkspaceId))
            .Receive(message with { ClientMessageId = RoutingKeys.IdOf(GetPrimaryKeyString()) });
        state.State.Fingerprint = fingerprint;
        state.State.Result = result;
        state.State.StoredAt = now;
        using (PipelineWrites(storage)) // the expiry commits before the answer, in one group commit: no answer is kept forever
            await WritePipeline.WhenAll(ScheduleDeadlineAsync(ExpiryDeadline, now + IntakeIdempotency.Retention), state.WriteStateAsync());
        return new IdempotentIntakeResult(result, Replayed: false);
    }

    public async Task ReceiveDeadline(DeadlineTick tick)
    {
        if (tick.Name != ExpiryDeadline || state.State.Result is null) return;
        if (TimeProvider.GetUtcNow() < state.State.StoredAt + IntakeIdempotency.Retention) return; // re-armed by a later use
        await state.ClearStateAsync();
        state.State = new IntakeIdempotencyState();
    }
}
