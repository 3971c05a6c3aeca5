using System.Diagnostics;
using Routing.LoadTests.Calls;

namespace Routing.LoadTests.Latency;

/// <summary>
/// Open-loop load: calls are issued at a fixed offered rate whatever the replies do, from a dedicated thread outside
/// the thread pool (as requests arrive from network I/O), and each call's latency runs from its issue to its reply.
/// A closed loop would hide queueing: with local-first scheduling a pool thread can serve one caller back to back
/// while the others wait, unseen, between calls. The sender wakes about every millisecond and issues what is due.
/// </summary>
public sealed class OpenLoopLoad
{
    private readonly NanosecondHistogram _latency;
    private readonly TaskCompletionSource _allReplied = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _outstanding;

    private OpenLoopLoad(NanosecondHistogram latency, long total)
    {
        _latency = latency;
        _outstanding = total;
    }

    /// <summary>Offers <paramref name="callsPerSecond"/> for <paramref name="duration"/>; completes when every reply is in.</summary>
    public static Task RunAsync<TTarget>(TTarget targets, int callsPerSecond, TimeSpan duration, NanosecondHistogram latency)
        where TTarget : struct, ICallTarget
    {
        var total = (long)(callsPerSecond * duration.TotalSeconds);
        var load = new OpenLoopLoad(latency, total);
        var sender = new Thread(() => load.Send(targets, callsPerSecond, total)) { IsBackground = true, Name = "open-loop sender" };
        sender.Start();
        return load._allReplied.Task;
    }

    private void Send<TTarget>(TTarget targets, int callsPerSecond, long total) where TTarget : struct, ICallTarget
    {
        var started = Stopwatch.GetTimestamp();
        long issued = 0;
        while (issued < total)
        {
            var due = Math.Min(total, (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * callsPerSecond) + 1);
            for (; issued < due; issued++)
            {
                var call = new PendingCall(this, Stopwatch.GetTimestamp());
                targets.Add((int)(issued % targets.Count), 1).ContinueWith(
                    static (_, state) => ((PendingCall)state!).Replied(), call, TaskContinuationOptions.ExecuteSynchronously);
            }
            Thread.Sleep(1);
        }
    }

    private sealed class PendingCall(OpenLoopLoad load, long issuedAt)
    {
        public void Replied()
        {
            load._latency.RecordSince(issuedAt);
            if (Interlocked.Decrement(ref load._outstanding) == 0) load._allReplied.TrySetResult();
        }
    }
}
