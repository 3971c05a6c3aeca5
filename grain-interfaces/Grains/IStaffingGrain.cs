namespace Routing.GrainInterfaces;

/// <summary>Staffing advice (R20, staffing): stateless, keyed by the workspace.</summary>
public interface IStaffingGrain : IGrainWithStringKey
{
    /// <summary>The operators a question needs; ArgumentException naming the field for an impossible one.</summary>
    Task<StaffingAdvice> WhatIf(StaffingQuestion question);

    /// <summary>
    /// Needed against scheduled per hour of a department's week (see <see cref="StaffingGapQuestion"/>); ArgumentException
    /// naming the field for an impossible question or an unknown department.
    /// </summary>
    Task<StaffingGap> Gap(StaffingGapQuestion question);
}
