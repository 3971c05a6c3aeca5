namespace Routing.Runtime.Tests.Grains;

public interface ISlowGoodbyeGrain : IGrainWithStringKey
{
    Task Touch();
}

/// <summary>Its deactivation waits on the gate "goodbye:{key}", so a test can stop the silo while one is running.</summary>
public sealed class SlowGoodbyeGrain : Grain, ISlowGoodbyeGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Probe.Activated(GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public Task Touch() => Task.CompletedTask;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Probe.Deactivated(GetPrimaryKeyString(), reason);
        await Gates.WaitAsync("goodbye:" + GetPrimaryKeyString());
    }
}
