using System.Diagnostics;
using Routing.LoadTool.Engine;
using Routing.LoadTool.Load;
using Routing.LoadTool.Scenarios;

namespace Routing.LoadTool.BuiltIn;

/// <summary>
/// Dialogs open before the load: each customer on a widget has written once and an operator answered, so every
/// widget follows an assigned conversation. The world of chat traffic and reconnect storm.
/// </summary>
public abstract class DialogsWorld : IScenarioWorld
{
    private const int SetUpConcurrency = 16;
    private readonly EngineConnection _engine;

    protected DialogsWorld(EngineConnection engine, OperatorTeam team, CustomerWidget[] widgets, string[] conversations)
    {
        _engine = engine;
        Team = team;
        Widgets = widgets;
        Conversations = conversations;
    }

    protected OperatorTeam Team { get; }
    protected IReadOnlyList<CustomerWidget> Widgets { get; }
    protected IReadOnlyList<string> Conversations { get; }

    /// <summary>Sets up <paramref name="dialogs"/> assigned dialogs; operators answer each customer message when <paramref name="answerEveryMessage"/>.</summary>
    protected static async Task<T> CreateAsync<T>(ScenarioContext context, LoadSettings settings, int dialogs, bool answerEveryMessage,
        Func<EngineConnection, OperatorTeam, CustomerWidget[], string[], T> create) where T : DialogsWorld
    {
        if ((long)settings.Operators * settings.Capacity < dialogs)
            throw new ArgumentException($"{dialogs} dialogs need operators x capacity of at least that many (got {settings.Operators} x {settings.Capacity})");
        var engine = EngineConnection.To(context.Engine);
        try
        {
            var workspace = await Workspace.CreateAsync(engine, context.Engine.BootstrapKey, context.ScenarioName, new WorkspacePlan(settings.Operators, settings.Capacity));
            var team = new OperatorTeam(workspace, context);
            await team.ConnectAsync(0, settings.Operators, settings.Capacity, new OperatorBehaviour(Sampler.Fixed(TimeSpan.Zero), null, answerEveryMessage));
            await team.FollowFeedAsync(settings.Supervisors);
            context.AddProbe(new QueueProbe(workspace));
            var widgets = new CustomerWidget[dialogs];
            var conversations = new string[dialogs];
            await Parallel.ForEachAsync(Enumerable.Range(0, dialogs), new ParallelOptions { MaxDegreeOfParallelism = SetUpConcurrency }, async (i, _) =>
            {
                widgets[i] = await CustomerWidget.ConnectAsync(workspace, team.Ledger, team.ErrorFrames, $"chat{i}");
                var key = MessageKey.Customer(i, watched: true, 0);
                team.Ledger.Sending(key, Stopwatch.GetTimestamp(), ArrivalsWorld.TimeToAssign);
                conversations[i] = (await widgets[i].SendAsync(key, "hello")).GetProperty("conversationId").GetString()!;
                team.Ledger.Acknowledged(key);
            });
            using var ready = CancellationTokenSource.CreateLinkedTokenSource(context.Stopping);
            ready.CancelAfter(settings.Settle);
            while (team.Ledger.Pending > 0 || team.Replying > 0) await Task.Delay(50, ready.Token); // every dialog assigned and answered
            if (context.Engine.WaitFor is { } silo) await EngineConnection.WaitUntilHealthyAsync(silo, context.Stopping);
            if (context.Engine.MoveConsolesTo is { } moveTo) await team.MoveConsolesAsync(moveTo);
            return create(engine, team, widgets, conversations);
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    public abstract Task IterateAsync(IterationContext context);

    public async Task SettleAsync(CancellationToken cancellation)
    {
        while (Team.Ledger.Pending > 0 || Team.Replying > 0) await Task.Delay(50, cancellation);
        if (Team.Feed is { } feed) await feed.SettleAsync(cancellation);
    }

    public virtual Task<IReadOnlyList<CheckResult>> VerifyAsync() =>
        Task.FromResult<IReadOnlyList<CheckResult>>([.. Team.Ledger.Checks(), .. Team.TeamChecks()]);

    public async ValueTask DisposeAsync()
    {
        foreach (var widget in Widgets) await widget.DisposeAsync();
        await Team.DisposeAsync();
        _engine.Dispose();
        GC.SuppressFinalize(this);
    }
}
