namespace Routing.Grains.Policies.Staffing;

/// <summary>What a staffing question asks: the arrivals and handle time, the service target, and for chat the capacity.</summary>
public sealed record StaffingInput(double ArrivalsPerHour, double HandleSeconds, double ServiceLevelTarget, double TargetSeconds, int Capacity = 1,
    double? PatienceSeconds = null);

/// <summary>The answer: operators needed (servers / capacity, rounded up) and the forecast at that staffing.</summary>
public sealed record StaffingAnswer(int RequiredOperators, int RequiredServers, double Load, QueueForecast Forecast);

/// <summary>
/// How many operators reach a service target (R20 staffing): the fewest servers whose Erlang C service level reaches
/// it; for chat, a server is a capacity slot (an operator of capacity c serves c dialogs at once: the first
/// approximation, which treats slots as independent operators) and operators are servers / c rounded up. With a known
/// patience the forecast at that staffing is Erlang A's (abandonment, wait); the staffing stays Erlang C's, which
/// ignores abandonment and so errs on the safe side.
/// </summary>
public static class StaffingPolicy
{
    public const int MaxServers = 100_000;

    public static StaffingAnswer Required(StaffingInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Problem(input) is { } problem) throw new ArgumentException(problem, nameof(input));
        var model = QueueModel.PerHour(input.ArrivalsPerHour, input.HandleSeconds, 0, input.PatienceSeconds);
        var servers = Math.Max(input.ArrivalsPerHour > 0 ? 1 : 0, (int)Math.Floor(model.Load) + (model.Load > 0 ? 1 : 0));
        while (servers < MaxServers && ErlangC.Forecast(model with { Servers = servers }, input.TargetSeconds).ServiceLevel < input.ServiceLevelTarget) servers++;
        var staffed = model with { Servers = servers };
        var forecast = input.PatienceSeconds is null || servers == 0
            ? ErlangC.Forecast(staffed, input.TargetSeconds)
            : ErlangA.Forecast(staffed) with { ServiceLevel = ErlangC.Forecast(staffed, input.TargetSeconds).ServiceLevel };
        return new StaffingAnswer((servers + input.Capacity - 1) / input.Capacity, servers, model.Load, forecast);
    }

    public static string? Problem(StaffingInput input) =>
        input.ArrivalsPerHour is < 0 or > 1_000_000 || double.IsNaN(input.ArrivalsPerHour) ? "arrivalsPerHour must be between 0 and 1000000"
        : input.HandleSeconds is <= 0 or > 86_400 || double.IsNaN(input.HandleSeconds) ? "handleSeconds must be above 0 and at most 86400"
        : input.ServiceLevelTarget is <= 0 or >= 1 || double.IsNaN(input.ServiceLevelTarget) ? "serviceLevelTarget must be between 0 and 1 (excluded)"
        : input.TargetSeconds is < 0 or > 86_400 || double.IsNaN(input.TargetSeconds) ? "targetSeconds must be between 0 and 86400"
        : input.Capacity is < 1 or > 100 ? "capacity must be between 1 and 100"
        : input.PatienceSeconds is { } p && (p <= 0 || p > 86_400 || double.IsNaN(p)) ? "patienceSeconds must be above 0 and at most 86400"
        : null;
}
