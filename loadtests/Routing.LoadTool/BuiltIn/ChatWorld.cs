using System.Diagnostics;
using Routing.LoadTool.Engine;
using Routing.LoadTool.Scenarios;

namespace Routing.LoadTool.BuiltIn;

/// <summary>
/// Chat traffic: customers write over their widget, the operator's console answers each message at once. One
/// iteration is one customer message (open: at the rate; closed: user u writes in dialog u, then thinks).
/// </summary>
public sealed class ChatWorld : DialogsWorld
{
    public const string SendStep = "customer-send";
    public const string CustomerToOperator = "customer-to-operator";

    private readonly int[] _messages;

    private ChatWorld(EngineConnection engine, OperatorTeam team, CustomerWidget[] widgets, string[] conversations)
        : base(engine, team, widgets, conversations) => _messages = new int[widgets.Length];

    public static async Task<IScenarioWorld> CreateAsync(ScenarioContext context, LoadSettings settings) =>
        await CreateAsync(context, settings, settings.Users > 0 ? settings.Users : settings.Dialogs, answerEveryMessage: true,
            (engine, team, widgets, conversations) => new ChatWorld(engine, team, widgets, conversations));

    public override async Task IterateAsync(IterationContext context)
    {
        var dialog = (int)((context.User >= 0 ? context.User : context.Number) % Widgets.Count);
        var key = MessageKey.Customer(dialog, watched: true, Interlocked.Increment(ref _messages[dialog]));
        Team.Ledger.Sending(key, Stopwatch.GetTimestamp(), CustomerToOperator);
        await Step.Run(SendStep, context, () => Widgets[dialog].SendAsync(key, "one more question"));
        Team.Ledger.Acknowledged(key);
    }
}
