using System.Diagnostics;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.LoadTests.Routing;
using Routing.GrainInterfaces.Events;

using Routing.LoadTests.Latency;

namespace Routing.LoadTests.Realtime;

/// <summary>
/// The baseline: the same dialogs in a workspace of their own in the same silo, driven through the conversation grain
/// (AddCustomerMessage, AddOperatorMessage) and observed on the runtime's GrainEventHub, where the WebSocket sessions
/// get their events. Each end has its own subscription to the conversation's topic, as each session has. No socket
/// follows this workspace, so the baseline carries no WebSocket work.
/// </summary>
public sealed class GrainWorkspace : IDialogEnds, IDisposable
{
    public const string Ws = "grains-baseline";

    private readonly IGrainFactory _grains;
    private readonly List<GrainEventSubscription> _subscriptions = [];
    private readonly CancellationTokenSource _stop = new();
    private int _overflows;

    private GrainWorkspace(IGrainFactory grains, IReadOnlyList<Dialog> dialogs) => (_grains, Dialogs) = (grains, dialogs);

    public IReadOnlyList<Dialog> Dialogs { get; }

    /// <summary>How long IIntakeGrain.Receive took to open and assign each first message (all sent at once).</summary>
    public NanosecondHistogram Intake { get; private init; } = new();

    /// <summary>Subscriptions cut off for falling behind (each stalls its dialog); 0 in a sound run.</summary>
    public int Overflows => Volatile.Read(ref _overflows);

    public static async Task<GrainWorkspace> CreateAsync(RealtimeSilo silo, RealtimeSizes sizes)
    {
        var world = new RoutingWorkspace(silo.Grains, Ws);
        await world.AddDepartmentsAsync(1);
        await world.AddOperatorsAsync(sizes.Operators, sizes.Capacity, _ => RoutingWorkspace.DepartmentId(0));
        await world.SetOnlineAsync(sizes.Operators);
        var intake = silo.Grains.GetGrain<IIntakeGrain>(RoutingKeys.Intake(Ws));
        var dialogs = Enumerable.Range(0, sizes.Customers).Select(i => new Dialog(i)).ToArray();
        var intakeLatency = new NanosecondHistogram();
        // Every first message at once, as the WebSocket side sends them: the baseline of its first-message leg.
        await Parallel.ForEachAsync(dialogs, new ParallelOptions { MaxDegreeOfParallelism = sizes.Customers }, async (dialog, _) =>
        {
            var sentAt = Stopwatch.GetTimestamp();
            var opened = await intake.Receive(new IntakeMessage(Channel.Chat, $"visitor-{dialog.Index}", Dialog.CustomerText(dialog.Index, "open")));
            if (opened.Status != ConversationStatus.Assigned) throw new InvalidOperationException($"baseline dialog {dialog.Index} is {opened.Status}, not assigned");
            intakeLatency.Record(sentAt, Stopwatch.GetTimestamp());
            dialog.ConversationId = opened.ConversationId;
            dialog.OperatorId = opened.OperatorId;
        });
        var baseline = new GrainWorkspace(silo.Grains, dialogs) { Intake = intakeLatency };
        foreach (var dialog in dialogs)
        {
            var topic = RoutingTopics.Conversation(RoutingKeys.Conversation(Ws, dialog.ConversationId!));
            baseline.Follow(silo.Events.Subscribe(topic), dialog, MessageAuthor.Customer);
            baseline.Follow(silo.Events.Subscribe(topic), dialog, MessageAuthor.Operator);
        }
        return baseline;
    }

    public async Task CustomerSendsAsync(Dialog dialog, string text)
    {
        if (!(await Conversation(dialog).AddCustomerMessage(text, [])).StillOpen) throw new InvalidOperationException($"baseline dialog {dialog.Index} is closed");
    }

    public Task OperatorSendsAsync(Dialog dialog, string text) => Conversation(dialog).AddOperatorMessage(dialog.OperatorId!, text);

    private IConversationGrain Conversation(Dialog dialog) => _grains.GetGrain<IConversationGrain>(RoutingKeys.Conversation(Ws, dialog.ConversationId!));

    /// <summary>One end's reader: the customer's messages are seen at the operator's end, the operator's at the customer's.</summary>
    private void Follow(GrainEventSubscription subscription, Dialog dialog, MessageAuthor from)
    {
        _subscriptions.Add(subscription);
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var published in subscription.Reader.ReadAllAsync(_stop.Token))
                {
                    if (published.Payload is not ConversationMessage message || message.Author != from) continue;
                    var arrivedAt = Stopwatch.GetTimestamp();
                    if (from == MessageAuthor.Customer) dialog.SeenAtOperator(message.Text, arrivedAt);
                    else dialog.SeenAtCustomer(message.Text, arrivedAt);
                }
            }
            catch (OperationCanceledException) { }
            catch (GrainEventOverflowException) { Interlocked.Increment(ref _overflows); } // the reader fell behind: its dialog stalls
        });
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var subscription in _subscriptions) subscription.Dispose();
        _stop.Dispose();
    }
}
