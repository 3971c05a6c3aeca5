using Routing.LoadTool.Load;
using Routing.LoadTool.Scenarios;

namespace Routing.LoadTool.BuiltIn;

/// <summary>A scenario shipped with the tool: its name, what it does, default and smoke settings, and how to build it from settings.</summary>
public sealed record BuiltInScenario(string Name, string Summary, LoadSettings Defaults, LoadSettings Smoke, Func<LoadSettings, Scenario> Build)
{
    /// <summary>The settings as the report prints them: only the knobs this scenario reads.</summary>
    public Func<LoadSettings, string> Describe { get; init; } = _ => "";
}

/// <summary>The five scenarios a contact center needs (issue 14).</summary>
public static class BuiltInScenarios
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    public static readonly BuiltInScenario Peak = new("peak",
        "a steady arrival rate, then ten times that (a sale), then back; operators answer after sampled reply delays and close after sampled handle times",
        new LoadSettings(),
        new LoadSettings { Rate = 4, Before = 3 * Second, Spike = 2 * Second, After = 2 * Second, WarmUp = Second, Settle = 30 * Second,
            Operators = 10, Capacity = 4, ReplyDelay = Sampler.Fixed(TimeSpan.FromMilliseconds(50)), HandleTime = Sampler.Fixed(TimeSpan.FromMilliseconds(200)),
            SpikeFactor = 5, WidgetShare = 0.25 },
        s => new Scenario("peak", context => ArrivalsWorld.CreateAsync(context, s))
            .WithLoadSimulations(
                LoadSimulation.Constant(s.Rate, s.Before),
                LoadSimulation.Constant(s.Rate * s.SpikeFactor, s.Spike),
                LoadSimulation.Constant(s.Rate, s.After))
            .WithWarmUp(s.WarmUp) with { Settle = s.Settle })
    {
        Describe = s => $"{s.Rate}/s for {s.Before.TotalSeconds} s, {s.Rate * s.SpikeFactor}/s for {s.Spike.TotalSeconds} s, {s.Rate}/s for {s.After.TotalSeconds} s; "
            + $"{s.Operators} operators x {s.Capacity}, reply after {s.ReplyDelay}, handle {s.HandleTime}; {s.WidgetShare:P0} watched by a widget; warm-up {s.WarmUp.TotalSeconds} s",
    };

    public static readonly BuiltInScenario IntakeBurst = new("intake-burst",
        "N first messages at once; operators answer and close quickly",
        new LoadSettings { Count = 2000, Operators = 100, Capacity = 5, ReplyDelay = Sampler.Fixed(TimeSpan.FromMilliseconds(100)),
            HandleTime = Sampler.Fixed(TimeSpan.FromMilliseconds(500)), WarmUp = TimeSpan.Zero, Pause = 5 * Second, WidgetShare = 0.05, Settle = 120 * Second },
        new LoadSettings { Count = 60, Operators = 10, Capacity = 4, ReplyDelay = Sampler.Fixed(TimeSpan.FromMilliseconds(20)),
            HandleTime = Sampler.Fixed(TimeSpan.FromMilliseconds(100)), WarmUp = TimeSpan.Zero, Pause = Second, WidgetShare = 0.1, Settle = 30 * Second },
        s => new Scenario("intake-burst", context => ArrivalsWorld.CreateAsync(context, s))
            .WithLoadSimulations(LoadSimulation.Spike(s.Count, s.Pause)) with { Settle = s.Settle })
    {
        Describe = s => $"{s.Count} first messages at once; {s.Operators} operators x {s.Capacity}, reply after {s.ReplyDelay}, handle {s.HandleTime}",
    };

    public static readonly BuiltInScenario ChatTraffic = new("chat",
        "customers and operators exchanging messages over WebSocket: customers write at a rate (or N users with think time), operators answer each at once",
        new LoadSettings { Rate = 50, Dialogs = 200, Operators = 50, Capacity = 4, Duration = 60 * Second, WarmUp = 5 * Second, Settle = 30 * Second },
        new LoadSettings { Rate = 10, Dialogs = 20, Operators = 5, Capacity = 4, Duration = 4 * Second, WarmUp = Second, Settle = 20 * Second },
        s => new Scenario("chat", context => ChatWorld.CreateAsync(context, s))
            .WithLoadSimulations(s.Users > 0 ? LoadSimulation.KeepConstant(s.Users, s.Duration, s.Think) : LoadSimulation.Constant(s.Rate, s.Duration))
            .WithWarmUp(s.WarmUp) with { Settle = s.Settle })
    {
        Describe = s => (s.Users > 0 ? $"{s.Users} users thinking {s.Think.TotalSeconds} s" : $"{s.Rate} customer messages/s over {s.Dialogs} dialogs")
            + $" for {s.Duration.TotalSeconds} s; {s.Operators} operators x {s.Capacity} answer each at once; warm-up {s.WarmUp.TotalSeconds} s",
    };

    public static readonly BuiltInScenario RescueStorm = new("rescue-storm",
        "a burst of dialogs while a share of the operators never answer: their dialogs are rescued at once and must reach the others",
        new LoadSettings { Count = 1000, Operators = 100, Capacity = 10, SilentShare = 0.5, RescueAfter = 2 * Second, WarmUp = TimeSpan.Zero,
            ReplyDelay = Sampler.Fixed(TimeSpan.FromMilliseconds(100)), HandleTime = Sampler.Fixed(TimeSpan.FromMilliseconds(500)), Pause = 5 * Second,
            WidgetShare = 0, Settle = 120 * Second },
        // Rescue after 3 s, not 1: on a crowded CI box a console may see its dialog a second late, and a dialog rescued
        // from an operator who does answer makes their reply a legitimate `not-assigned` error, not the storm under test.
        new LoadSettings { Count = 40, Operators = 10, Capacity = 4, SilentShare = 0.5, RescueAfter = 3 * Second, WarmUp = TimeSpan.Zero,
            ReplyDelay = Sampler.Fixed(TimeSpan.FromMilliseconds(20)), HandleTime = Sampler.Fixed(TimeSpan.FromMilliseconds(100)), Pause = Second,
            WidgetShare = 0, Settle = 30 * Second },
        s => new Scenario("rescue-storm", context => ArrivalsWorld.CreateAsync(context, s,
                silent: (int)Math.Round(s.Operators * s.SilentShare),
                rescue: new { after = s.RescueAfter, warningLead = TimeSpan.Zero, retryLimit = 10 }))
            .WithLoadSimulations(LoadSimulation.Spike(s.Count, s.Pause)) with { Settle = s.Settle })
    {
        Describe = s => $"{s.Count} first messages at once; {s.Operators} operators x {s.Capacity}, {s.SilentShare:P0} silent; rescue after {s.RescueAfter.TotalSeconds} s",
    };

    public static readonly BuiltInScenario ReconnectStorm = new("reconnect-storm",
        "every widget drops its network at once, its operator replies meanwhile, and all resume at once: each must get exactly the reply it missed",
        new LoadSettings { Count = 2000, Operators = 100, Capacity = 20, Storms = 3, Pause = 10 * Second, WarmUp = TimeSpan.Zero, Settle = 60 * Second },
        new LoadSettings { Count = 40, Operators = 4, Capacity = 10, Storms = 1, Pause = Second, WarmUp = TimeSpan.Zero, Settle = 20 * Second },
        s => new Scenario("reconnect-storm", context => ReconnectWorld.CreateAsync(context, s))
            .WithLoadSimulations([.. Enumerable.Repeat(LoadSimulation.Spike(s.Count, s.Pause), s.Storms)]) with { Settle = s.Settle })
    {
        Describe = s => $"{s.Storms} storms of {s.Count} widgets dropping at once, {s.Pause.TotalSeconds} s apart; {s.Operators} operators x {s.Capacity}",
    };

    public static readonly IReadOnlyList<BuiltInScenario> All = [Peak, IntakeBurst, ChatTraffic, RescueStorm, ReconnectStorm];

    /// <summary>The generator's own ceiling, against <c>routing-load stub</c>: bare intake requests on a rising rate.</summary>
    public static readonly BuiltInScenario Requests = new("requests",
        "bare intake requests on a rate rising from 0 (no operators): against the stub, the generator's request ceiling",
        new LoadSettings { Rate = 5000, Duration = 30 * Second, WarmUp = TimeSpan.Zero, Settle = 10 * Second },
        new LoadSettings { Rate = 50, Duration = 2 * Second, WarmUp = TimeSpan.Zero, Settle = 5 * Second },
        s => new Scenario("requests", context => CeilingWorld.CreateAsync(context, sockets: false))
            .WithLoadSimulations(LoadSimulation.Ramp(0, s.Rate, s.Duration)) with { Settle = s.Settle })
    {
        Describe = s => $"intake requests rising from 0 to {s.Rate}/s over {s.Duration.TotalSeconds} s",
    };

    /// <summary>The generator's own ceiling: widget sockets connecting at once and held.</summary>
    public static readonly BuiltInScenario Sockets = new("sockets",
        "N widget sockets connecting at once and held open: against the stub, the generator's socket ceiling",
        new LoadSettings { Count = 5000, Pause = 5 * Second, WarmUp = TimeSpan.Zero, Settle = 60 * Second },
        new LoadSettings { Count = 20, Pause = Second, WarmUp = TimeSpan.Zero, Settle = 10 * Second },
        s => new Scenario("sockets", context => CeilingWorld.CreateAsync(context, sockets: true))
            .WithLoadSimulations(LoadSimulation.Spike(s.Count, s.Pause)) with { Settle = s.Settle })
    {
        Describe = s => $"{s.Count} widget sockets at once, held {s.Pause.TotalSeconds} s",
    };

    public static BuiltInScenario? Find(string name) => All.Concat([Requests, Sockets]).FirstOrDefault(s => s.Name == name);
}
