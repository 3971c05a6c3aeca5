namespace Routing.Runtime;

/// <summary>A grain call got no answer within the call timeout. Its outcome is unknown: it may still run.</summary>
public sealed class GrainCallTimeoutException(string message) : TimeoutException(message);

/// <summary>
/// A call chain came back into a non-reentrant grain that is busy with the request that started the chain.
/// Raised at once instead of deadlocking until the timeout.
/// </summary>
public sealed class GrainCallCycleException(string message) : InvalidOperationException(message);

/// <summary>The runtime is stopping and takes no new calls.</summary>
public sealed class GrainRuntimeStoppedException(string message) : InvalidOperationException(message);
