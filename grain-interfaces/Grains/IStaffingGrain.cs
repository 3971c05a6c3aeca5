namespace Routing.GrainInterfaces;

/// <summary>Staffing advice (R20, staffing): stateless, keyed by the workspace.</summary>
public interface IStaffingGrain : IGrainWithStringKey
{
    /// <summary>The operators a question needs; ArgumentException naming the field for an impossible one.</summary>
    Task<StaffingAdvice> WhatIf(StaffingQuestion question);
}
