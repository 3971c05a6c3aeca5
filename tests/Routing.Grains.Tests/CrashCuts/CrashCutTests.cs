using Xunit.Abstractions;

namespace Routing.Grains.Tests.CrashCuts;

/// <summary>
/// R23 at every cut (issue 18). Each flow runs once uncut to count its durable writes N and note its answer and
/// outcome; then, for every k in 1..N, a fresh world runs it again with the process dying right after its k-th durable
/// write (that write committed, its caller never told, nothing after it stored). A new silo starts on the same
/// database, the client retries the request as a real client would, the clock moves on so the engine can finish what
/// it owes, and then: every routing invariant holds, the retry got the first answer, and every dialog and operator is
/// where the uncut run left them (so no message or dialog was lost or duplicated). Both storage providers.
/// </summary>
public sealed class CrashCutTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RecoveryTime = TimeSpan.FromSeconds(80); // past the 30 s resume deadlines, twice

    public static TheoryData<string, string> Flows()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in new[] { "sqlite", "postgresql" })
            foreach (var flow in CrashFlows.All)
                data.Add(flow.Name, provider);
        return data;
    }

    [Theory]
    [MemberData(nameof(Flows))]
    public async Task Every_cut_of_the_flow_leaves_every_dialog_in_one_place_and_a_retry_gets_the_first_answer(string flowName, string provider)
    {
        var flow = CrashFlows.Named(flowName);
        var (writes, answer, outcome) = await Uncut(flow, provider);
        Assert.True(writes > 0, $"{flow} stored nothing");
        output.WriteLine($"{flow} on {provider}: {writes} durable writes; answer '{answer}'\n{outcome}\n" + string.Join("\n", Writes.Select((w, i) => $"  {i + 1}: {w}")));

        var failures = new List<string>();
        for (var cut = 1; cut <= writes; cut++)
        {
            var problems = await Cut(flow, provider, cut, answer, outcome);
            if (problems.Count > 0) failures.Add($"cut after write {cut}/{writes} ({Writes.ElementAtOrDefault(cut - 1)}):\n  " + string.Join("\n  ", problems));
        }
        Assert.True(failures.Count == 0, $"{flow} on {provider}:\n" + string.Join("\n", failures));
    }

    /// <summary>The uncut run's writes, in order: names each cut.</summary>
    private List<string> Writes { get; set; } = [];

    private async Task<(int Writes, string Answer, string Outcome)> Uncut(CrashFlow flow, string provider)
    {
        await using var w = await CrashCutWorld.StartAsync(provider);
        await flow.Arrange(w);
        w.Storage.Arm(cutAt: null);
        var answer = await flow.Act(w);
        await w.World.Settle();
        var writes = w.Storage.Writes;
        Writes = [.. w.Storage.Log];
        await w.CrashAndRestartAsync();
        await w.RecoverAsync(RecoveryTime);
        var problems = await CrashCutChecks.SettledProblems(w);
        Assert.True(problems.Count == 0, $"{flow} uncut:\n" + string.Join("\n", problems));
        return (writes, answer, await CrashCutChecks.Outcome(w));
    }

    private static async Task<List<string>> Cut(CrashFlow flow, string provider, int cut, string answer, string outcome)
    {
        await using var w = await CrashCutWorld.StartAsync(provider);
        await flow.Arrange(w);
        w.Storage.Arm(cut);
        try
        {
            await flow.Act(w).WaitAsync(TimeSpan.FromSeconds(20)); // the process died: whatever it answered never left it
            await w.World.Settle();
        }
        catch (Exception)
        {
            // The client saw its connection drop (or an error from the dying process): it does not know what happened.
        }
        await w.CrashAndRestartAsync();
        var problems = new List<string>();
        if (flow.Retried)
        {
            try
            {
                var retried = await flow.Act(w);
                if (retried != answer) problems.Add($"the retry answered '{retried}', the first attempt '{answer}'");
            }
            catch (Exception e)
            {
                problems.Add($"the retry failed: {e.GetType().Name}: {e.Message}");
            }
        }
        try
        {
            await w.RecoverAsync(RecoveryTime, expected: outcome);
        }
        catch (Exception e)
        {
            problems.Add($"recovery failed: {e.GetType().Name}: {e.Message}");
        }
        problems.AddRange(await CrashCutChecks.SettledProblems(w));
        var ended = await CrashCutChecks.Outcome(w);
        if (ended != outcome) problems.Add($"ended as\n    {ended.Replace("\n", "\n    ")}\n  not as uncut\n    {outcome.Replace("\n", "\n    ")}");
        if (problems.Count > 0 && w.Warnings.Lines.Count > 0) problems.Add("the restarted silo logged:\n    " + string.Join("\n    ", w.Warnings.Lines.Take(10)));
        return problems;
    }
}
