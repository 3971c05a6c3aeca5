using System.Diagnostics;

using Routing.LoadTests.Latency;

namespace Routing.LoadTests.Realtime;

/// <summary>What one closed-loop round measured.</summary>
public sealed record LoopRound(NanosecondHistogram ToOperator, NanosecondHistogram ToCustomer, int Messages, TimeSpan Elapsed, IReadOnlyCollection<Stall> Stalled)
{
    public int Stalls => Stalled.Count;

    public double MessagesPerSecond => Messages / Elapsed.TotalSeconds;
}

/// <summary>A message one end never saw.</summary>
public sealed record Stall(Dialog Dialog, string Text, string WaitingEnd);

/// <summary>
/// Every dialog at once, each in a closed loop: the customer sends, the operator's end receives it, the operator
/// replies, the customer's end receives the reply, then the next message. A message not seen within the patience is a
/// stall: counted, and the loop goes on (a late frame cannot be mistaken for the next: texts are unique).
/// </summary>
public static class ClosedLoop
{
    public static async Task<LoopRound> RunAsync(IReadOnlyList<Dialog> dialogs, IDialogEnds ends, int messagesPerDialog, string tag)
    {
        var toOperator = new NanosecondHistogram();
        var toCustomer = new NanosecondHistogram();
        var stalls = new System.Collections.Concurrent.ConcurrentQueue<Stall>();
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(dialogs.Select(dialog => Task.Run(async () =>
        {
            for (var k = 1; k <= messagesPerDialog; k++)
            {
                var text = Dialog.CustomerText(dialog.Index, $"{tag}.{k}");
                var atOperator = dialog.ExpectAtOperator(text);
                var sentAt = Stopwatch.GetTimestamp();
                await ends.CustomerSendsAsync(dialog, text);
                if (await Arrival(atOperator) is { } seen) toOperator.Record(sentAt, seen);
                else stalls.Enqueue(new Stall(dialog, text, "operator"));

                var reply = Dialog.ReplyText(dialog.Index, $"{tag}.{k}");
                var atCustomer = dialog.ExpectAtCustomer(reply);
                sentAt = Stopwatch.GetTimestamp();
                await ends.OperatorSendsAsync(dialog, reply);
                if (await Arrival(atCustomer) is { } back) toCustomer.Record(sentAt, back);
                else stalls.Enqueue(new Stall(dialog, reply, "customer"));
            }
        })));
        return new LoopRound(toOperator, toCustomer, 2 * messagesPerDialog * dialogs.Count, stopwatch.Elapsed, stalls);
    }

    private static async Task<long?> Arrival(Task<long> arrival)
    {
        try
        {
            return await arrival.WaitAsync(RealtimeClient.Patience);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }
}
