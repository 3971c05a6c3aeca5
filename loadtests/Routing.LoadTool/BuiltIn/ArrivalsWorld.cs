using System.Collections.Concurrent;
using System.Diagnostics;
using Routing.LoadTool.Engine;
using Routing.LoadTool.Scenarios;

namespace Routing.LoadTool.BuiltIn;

/// <summary>
/// Customers arriving with a first message through the channel API (as a site's connector posts them), a share of
/// them also watching through a widget, and a team of scripted operators answering: the world of peak, intake burst
/// and rescue storm. One iteration is one arrival.
/// </summary>
public sealed class ArrivalsWorld : IScenarioWorld
{
    public const string IntakeStep = "intake";
    public const string WidgetStep = "widget-connect";
    public const string TimeToAssign = "time-to-assign";

    private readonly OperatorTeam _team;
    private readonly EngineConnection _engine;
    private readonly int _watchEvery;
    private readonly bool _rescues;
    private readonly ConcurrentDictionary<string, byte> _arrived = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<CustomerWidget> _widgets = [];

    private ArrivalsWorld(EngineConnection engine, OperatorTeam team, double widgetShare, bool rescues)
    {
        _engine = engine;
        _team = team;
        _watchEvery = widgetShare <= 0 ? 0 : (int)Math.Round(1 / widgetShare);
        _rescues = rescues;
    }

    /// <summary>The workspace and its operators; <paramref name="silent"/> of them never answer (rescue storm).</summary>
    public static async Task<IScenarioWorld> CreateAsync(ScenarioContext context, LoadSettings settings, int silent = 0, object? rescue = null)
    {
        var engine = EngineConnection.To(context.Engine);
        try
        {
            var workspace = await Workspace.CreateAsync(engine, context.Engine.BootstrapKey, context.ScenarioName,
                new WorkspacePlan(settings.Operators, settings.Capacity, rescue));
            var team = new OperatorTeam(workspace, context);
            await team.ConnectAsync(0, settings.Operators - silent, settings.Capacity, new OperatorBehaviour(settings.ReplyDelay, settings.HandleTime));
            if (silent > 0) await team.ConnectAsync(settings.Operators - silent, silent, settings.Capacity, new OperatorBehaviour(settings.ReplyDelay, null, Silent: true));
            await team.FollowFeedAsync(settings.Supervisors);
            context.AddProbe(new QueueProbe(workspace));
            return new ArrivalsWorld(engine, team, settings.WidgetShare, rescue is not null);
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    public async Task IterateAsync(IterationContext context)
    {
        var watched = _watchEvery > 0 && context.Number % _watchEvery == 0;
        var customer = $"v{context.Number}";
        if (watched)
            _widgets.Add(await Step.Run(WidgetStep, context, () => CustomerWidget.ConnectAsync(_team.Workspace, _team.Ledger, _team.ErrorFrames, customer)));
        var key = MessageKey.Customer(context.Number, watched, 0);
        _team.Ledger.Sending(key, Stopwatch.GetTimestamp(), TimeToAssign);
        await Step.Run(IntakeStep, context, () => _team.Workspace.IntakeAsync(customer, MessageKey.Text(key, "hello, where is my order?"), key));
        _team.Ledger.Acknowledged(key);
        _arrived[key] = 0;
    }

    /// <summary>Every dialog shown, answered and (watched ones) the answer seen; every rescued dialog reassigned.</summary>
    public async Task SettleAsync(CancellationToken cancellation)
    {
        while (_team.Ledger.Pending > 0 || _team.Replying > 0 || Unanswered().Any() || _team.Board.Waiting > 0)
            await Task.Delay(50, cancellation);
        if (_team.Feed is { } feed) await feed.SettleAsync(cancellation);
    }

    private IEnumerable<string> Unanswered() => _arrived.Keys.Where(key => !_team.Answered.ContainsKey(key));

    public Task<IReadOnlyList<CheckResult>> VerifyAsync()
    {
        var unanswered = Unanswered().ToArray();
        List<CheckResult> checks =
        [
            .. _team.Ledger.Checks(),
            .. _team.TeamChecks(),
            new("every dialog answered", unanswered.Length == 0,
                $"{_arrived.Count - unanswered.Length} of {_arrived.Count} accepted first messages answered by an operator"
                + (unanswered.Length == 0 ? "" : $" (e.g. {string.Join(", ", unanswered.Take(5))})")),
        ];
        if (_rescues) checks.Add(_team.Board.Check());
        return Task.FromResult<IReadOnlyList<CheckResult>>(checks);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var widget in _widgets) await widget.DisposeAsync();
        await _team.DisposeAsync();
        _engine.Dispose();
    }
}
