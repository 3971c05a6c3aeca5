using Orleans.Concurrency;
using Routing.GrainInterfaces;
using Routing.Grains.Policies.Staffing;

namespace Routing.Grains.Grains;

/// <summary>Answers staffing questions with <see cref="StaffingPolicy"/>; no state, any silo, several at once.</summary>
[StatelessWorker]
[GrainType("staffing")]
public sealed class StaffingGrain : Grain, IStaffingGrain
{
    public Task<StaffingAdvice> WhatIf(StaffingQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var answer = StaffingPolicy.Required(new StaffingInput(question.ArrivalsPerHour, question.AverageHandleSeconds, question.ServiceLevelTarget,
            question.TargetSeconds, question.Capacity, question.PatienceSeconds));
        var forecast = answer.Forecast;
        return Task.FromResult(new StaffingAdvice(answer.RequiredOperators, answer.RequiredServers, answer.Load, forecast.ProbabilityOfWaiting,
            forecast.ServiceLevel, forecast.AverageWaitSeconds, forecast.Abandonment));
    }
}
