using System.Collections.Concurrent;
using System.Diagnostics;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Events;

namespace Routing.LoadTests.Routing;

/// <summary>When an operator's capacity was freed and when their next assignment became visible, both from events.</summary>
/// <param name="FreedAt">Stopwatch timestamp of the operator's first event below capacity (0 if none was seen).</param>
/// <param name="AssignedAt">Stopwatch timestamp of the conversation's "assigned" event for the operator.</param>
public readonly record struct Assignment(string ConversationId, long FreedAt, long AssignedAt);

/// <summary>
/// Watches the workspace's event topic, as a supervisor screen would: an operator's capacity freed (an OperatorChanged
/// with load below capacity) and a conversation assigned to them (ConversationChanged with status Assigned, published
/// once the conversation durably says so). One reader stamps both moments, so both carry the same delivery delay.
/// </summary>
public sealed class AssignmentWatcher : IDisposable
{
    private sealed class Waiter
    {
        public long FreedAt;
        public readonly TaskCompletionSource<Assignment> Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly ConcurrentDictionary<string, Waiter> _waiting = new(StringComparer.Ordinal);
    private readonly GrainEventSubscription _subscription;
    private readonly Task _reader;

    public AssignmentWatcher(GrainEventHub hub, string workspaceId)
    {
        // A large buffer: the whole workspace's events pass here, and a cut-off subscription would hang the agents.
        _subscription = hub.Subscribe("workspace:" + workspaceId, capacity: 1 << 22);
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>The operator's next assignment; call before the action that frees their capacity.</summary>
    public Task<Assignment> NextAssignment(string operatorId)
    {
        var waiter = new Waiter();
        if (!_waiting.TryAdd(operatorId, waiter)) throw new InvalidOperationException($"operator '{operatorId}' is already awaited");
        return waiter.Done.Task;
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var published in _subscription.Reader.ReadAllAsync())
            {
                switch (published.Payload)
                {
                    case OperatorChanged op when op.Load < op.Capacity && _waiting.TryGetValue(op.OperatorId, out var waiter) && waiter.FreedAt == 0:
                        waiter.FreedAt = Stopwatch.GetTimestamp();
                        break;
                    case ConversationChanged { Status: ConversationStatus.Assigned, OperatorId: { } operatorId } assigned
                        when _waiting.TryRemove(operatorId, out var waiter):
                        waiter.Done.TrySetResult(new Assignment(assigned.ConversationId, waiter.FreedAt, Stopwatch.GetTimestamp()));
                        break;
                }
            }
        }
        catch (Exception e)
        {
            // Overflow or shutdown: fail every waiter instead of leaving the load hanging.
            foreach (var waiter in _waiting.Values) waiter.Done.TrySetException(e);
        }
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _reader.Wait(TimeSpan.FromSeconds(5));
    }
}
