using System.Collections.Concurrent;
using Routing.LoadTool.Engine;
using Routing.LoadTool.Scenarios;

namespace Routing.LoadTool.BuiltIn;

/// <summary>
/// The generator's own ceiling (against <c>routing-load stub</c>, which answers at once): bare intake requests, or
/// widget sockets that connect and stay open. Against a real engine the first is an intake-only load (dialogs queue).
/// </summary>
public sealed class CeilingWorld(EngineConnection engine, Workspace workspace, DeliveryLedger ledger, bool sockets) : IScenarioWorld
{
    public const string SocketsGauge = "sockets open";

    private readonly ConcurrentBag<CustomerWidget> _widgets = [];
    private readonly LoadCommon.Realtime.ErrorFrames _errors = new();

    public static async Task<IScenarioWorld> CreateAsync(ScenarioContext context, bool sockets)
    {
        var engine = new EngineConnection(context.Engine.Address, TimeSpan.FromSeconds(30));
        var workspace = await Workspace.CreateAsync(engine, context.Engine.BootstrapKey, context.ScenarioName, new WorkspacePlan(1, 1));
        return new CeilingWorld(engine, workspace, new DeliveryLedger(context.Stats), sockets);
    }

    public async Task IterateAsync(IterationContext context)
    {
        var customer = $"v{context.Number}";
        if (!sockets)
        {
            await Step.Run(ArrivalsWorld.IntakeStep, context, () => workspace.IntakeAsync(customer, MessageKey.Text($"c{context.Number}.0", "hello"), customer));
            return;
        }
        _widgets.Add(await Step.Run(ArrivalsWorld.WidgetStep, context, () => CustomerWidget.ConnectAsync(workspace, ledger, _errors, customer)));
        context.Stats.AddToGauge(SocketsGauge, 1);
    }

    public Task SettleAsync(CancellationToken cancellation) => Task.CompletedTask;

    public Task<IReadOnlyList<CheckResult>> VerifyAsync() =>
        Task.FromResult<IReadOnlyList<CheckResult>>(sockets ? [new CheckResult("sockets held", _widgets.All(w => w.IsOpen), $"{_widgets.Count(w => w.IsOpen)} of {_widgets.Count} open at the end")] : []);

    public async ValueTask DisposeAsync()
    {
        foreach (var widget in _widgets) await widget.DisposeAsync();
        engine.Dispose();
    }
}
