using System.Globalization;
using Routing.LoadTool.Load;

namespace Routing.LoadTool.BuiltIn;

/// <summary>
/// The knobs of the built-in scenarios, each with the scenario's default and a smoke value (seconds, for CI); the
/// command line overrides any of them by name (--rate 20, --handle-time exp:3s). Not every scenario reads every knob.
/// </summary>
public sealed record LoadSettings
{
    /// <summary>Arrivals per second (peak, the steady part), or customer messages per second (chat).</summary>
    public double Rate { get; init; } = 5;
    public double SpikeFactor { get; init; } = 10;
    public TimeSpan Before { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan Spike { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan After { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>First messages at once (intake burst, rescue storm), or widgets that drop at once (reconnect storm).</summary>
    public int Count { get; init; } = 1000;
    public int Storms { get; init; } = 3;
    public TimeSpan Pause { get; init; } = TimeSpan.FromSeconds(10);
    public int Operators { get; init; } = 50;
    public int Capacity { get; init; } = 4;
    public Sampler ReplyDelay { get; init; } = Sampler.Exponential(TimeSpan.FromSeconds(1));
    public Sampler HandleTime { get; init; } = Sampler.Exponential(TimeSpan.FromSeconds(5));

    /// <summary>Share of arrivals whose customer also watches through a widget (time to first reply seen).</summary>
    public double WidgetShare { get; init; } = 0.1;

    /// <summary>Chat traffic: dialogs open at once; with <see cref="Users"/> &gt; 0 a closed model of that many users.</summary>
    public int Dialogs { get; init; } = 200;
    public int Users { get; init; }
    public TimeSpan Think { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Rescue storm: share of operators who never answer, and the department's rescue time.</summary>
    public double SilentShare { get; init; } = 0.5;
    public TimeSpan RescueAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Supervisors following the workspace-wide feed (every scenario with a workspace; 0: none).</summary>
    public int Supervisors { get; init; }

    public static readonly IReadOnlyList<string> Names =
    [
        "rate", "spike-factor", "before", "spike", "after", "duration", "warm-up", "settle", "count", "storms", "pause", "operators",
        "capacity", "reply-delay", "handle-time", "widget-share", "dialogs", "users", "think", "silent-share", "rescue-after", "supervisors",
    ];

    /// <summary>These settings with one knob changed; a bad name or value throws <see cref="FormatException"/> naming it.</summary>
    public LoadSettings With(string name, string value)
    {
        try
        {
            return name switch
            {
                "rate" => this with { Rate = Positive(value) },
                "spike-factor" => this with { SpikeFactor = Positive(value) },
                "before" => this with { Before = Sampler.ParseDuration(value) },
                "spike" => this with { Spike = Sampler.ParseDuration(value) },
                "after" => this with { After = Sampler.ParseDuration(value) },
                "duration" => this with { Duration = Sampler.ParseDuration(value) },
                "warm-up" => this with { WarmUp = Sampler.ParseDuration(value) },
                "settle" => this with { Settle = Sampler.ParseDuration(value) },
                "count" => this with { Count = Count1(value) },
                "storms" => this with { Storms = Count1(value) },
                "pause" => this with { Pause = Sampler.ParseDuration(value) },
                "operators" => this with { Operators = Count1(value) },
                "capacity" => this with { Capacity = Count1(value) },
                "reply-delay" => this with { ReplyDelay = Sampler.Parse(value) },
                "handle-time" => this with { HandleTime = Sampler.Parse(value) },
                "widget-share" => this with { WidgetShare = Share(value) },
                "dialogs" => this with { Dialogs = Count1(value) },
                "users" => this with { Users = Count0(value) },
                "think" => this with { Think = Sampler.ParseDuration(value) },
                "silent-share" => this with { SilentShare = Share(value) },
                "rescue-after" => this with { RescueAfter = Sampler.ParseDuration(value) },
                "supervisors" => this with { Supervisors = Count0(value) },
                _ => throw new FormatException($"unknown option --{name}; scenario options: {string.Join(", ", Names.Select(n => "--" + n))}"),
            };
        }
        catch (FormatException e) when (!e.Message.StartsWith("unknown option", StringComparison.Ordinal))
        {
            throw new FormatException($"--{name} {value}: {e.Message}");
        }
    }

    private static double Positive(string value) =>
        double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture) is var v and > 0 && !double.IsInfinity(v) ? v : throw new FormatException("must be more than 0");

    private static int Count0(string value) => int.Parse(value, CultureInfo.InvariantCulture) is var v and >= 0 ? v : throw new FormatException("must be 0 or more");

    private static int Count1(string value) => int.Parse(value, CultureInfo.InvariantCulture) is var v and >= 1 ? v : throw new FormatException("must be 1 or more");

    private static double Share(string value) =>
        double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture) is var v and >= 0 and <= 1 ? v : throw new FormatException("must be between 0 and 1");
}
