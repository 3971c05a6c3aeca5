using System.Diagnostics;
using Routing.LoadTool.Engine;
using Routing.LoadTool.Measures;
using Routing.LoadTool.Scenarios;

namespace Routing.LoadTool.BuiltIn;

/// <summary>
/// Reconnect storm: every widget loses its network at once (no close handshake); while it is away its operator
/// replies; then it reconnects with ?resume= and must get exactly the reply it missed. One iteration is one widget's
/// drop, missed reply and resume; a spike of them is the storm.
/// </summary>
public sealed class ReconnectWorld : DialogsWorld
{
    public const string ReplyWhileAway = "reply-while-away";
    public const string ResumeStep = "resume";
    public const string MissedReplyDelivered = "missed-reply-delivered";

    private readonly int[] _rounds;

    private ReconnectWorld(EngineConnection engine, OperatorTeam team, CustomerWidget[] widgets, string[] conversations)
        : base(engine, team, widgets, conversations) => _rounds = new int[widgets.Length];

    public static async Task<IScenarioWorld> CreateAsync(ScenarioContext context, LoadSettings settings) =>
        await CreateAsync(context, settings, settings.Count, answerEveryMessage: false,
            (engine, team, widgets, conversations) => new ReconnectWorld(engine, team, widgets, conversations));

    public override async Task IterateAsync(IterationContext context)
    {
        var dialog = (int)(context.Number % Widgets.Count);
        var widget = Widgets[dialog];
        widget.Drop();
        var conversation = Conversations[dialog];
        var console = Team.Board.HolderOf(conversation) is { } holder ? Team.Console(holder) : null;
        if (console is null) throw new InvalidOperationException($"no console holds {conversation}");
        var key = MessageKey.ReplyTo(MessageKey.Customer(dialog, watched: true, Interlocked.Increment(ref _rounds[dialog])));
        Team.Ledger.Sending(key, Stopwatch.GetTimestamp(), MissedReplyDelivered);
        await Step.Run(ReplyWhileAway, context, () => console.SendReplyAsync(conversation, key));
        await Step.Run(ResumeStep, context, async () =>
        {
            if (!await widget.ResumeAsync()) throw new UnexpectedAnswerException("not-resumed"); // a fresh session: the engine forgot it
        });
    }
}
