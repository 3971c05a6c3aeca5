using Orleans;

namespace Routing.GrainInterfaces;

/// <summary>What a department did when asked to serve an operator who may take more (<see cref="IDepartmentGrain.Serve"/>).</summary>
[GenerateSerializer, Alias("routing.ServeOutcome")]
public enum ServeOutcome
{
    /// <summary>Nothing waits here that they may take now (or the department distributes by pull, or they are not a member).</summary>
    Nothing = 0,

    /// <summary>A waiting dialog is theirs: assigned, or offered in offer mode.</summary>
    Assigned,

    /// <summary>Their operator grain refused the reservation; <see cref="ServeResult.Operator"/> is its fresh answer and says why.</summary>
    Refused,
}

/// <summary>
/// The answer of <see cref="IDepartmentGrain.Serve"/>: what was done, the dialog given (assigned or offered; null
/// otherwise) and the newest snapshot of the operator the department holds after it, so the router can tell whether
/// they have room for more without asking the operator again.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.ServeResult")]
public sealed record ServeResult(ServeOutcome Outcome, OperatorSnapshot Operator)
{
    [Id(0)] public string? ConversationId { get; init; }
}
