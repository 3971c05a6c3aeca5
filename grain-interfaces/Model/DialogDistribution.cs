using Orleans;

namespace Routing.GrainInterfaces.Model;

/// <summary>How a department's waiting dialogs reach its operators.</summary>
[GenerateSerializer, Alias("routing.DialogDistribution")]
public enum DialogDistribution
{
    /// <summary>The router assigns (or offers) each dialog to the best eligible operator; operators may also take from the queue.</summary>
    Automatic = 0,

    /// <summary>
    /// Nothing is assigned automatically: every dialog waits in the queue until an eligible operator takes it from their
    /// Incoming (pull, as in Jivo's manual distribution). Moves by hand still assign.
    /// </summary>
    Pull = 1,
}
