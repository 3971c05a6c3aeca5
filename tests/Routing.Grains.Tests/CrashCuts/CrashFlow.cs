namespace Routing.Grains.Tests.CrashCuts;

/// <summary>
/// One multi-grain flow for the crash-cut harness. <see cref="Arrange"/> builds the world it starts from (not cut);
/// <see cref="Act"/> is the flow: a client's request, answered with a short text that a retry must repeat, or, for a
/// time-driven flow (<see cref="Retried"/> false), the clock moving on and the engine acting by itself.
/// </summary>
/// <param name="Name">Names the flow in test output.</param>
/// <param name="Retried">A client retries the request after a crash; false: the engine must finish it alone.</param>
internal sealed record CrashFlow(string Name, bool Retried, Func<CrashCutWorld, Task> Arrange, Func<CrashCutWorld, Task<string>> Act)
{
    public override string ToString() => Name;
}
