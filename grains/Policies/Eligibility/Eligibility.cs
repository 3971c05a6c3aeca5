namespace Routing.Grains.Policies;

/// <summary>Whether an operator may take a waiting dialog, or the first reason why not (for supervisors and logs).</summary>
public enum Eligibility
{
    Eligible = 0,
    NotOnline,
    NoCapacity,
    SkippedBefore,
    TierNotReached,
    MissingSkills,

    /// <summary>Sticky routing holds it for another operator (R9): nobody else may take it meanwhile.</summary>
    HeldForAnother,
}
