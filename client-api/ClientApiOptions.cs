namespace Routing.ClientApi;

/// <summary>What the client API needs from the silo's configuration (the silo binds and validates it).</summary>
public sealed class ClientApiOptions
{
    /// <summary>The bootstrap key (Auth:BootstrapKey): may create workspaces with their first admin key; empty: none.</summary>
    public string BootstrapKey { get; set; } = "";

    /// <summary>Intake messages one customer address (workspace + channel + external id) may send per <see cref="IntakeWindow"/>.</summary>
    public int IntakePerCustomer { get; set; } = 60;

    /// <summary>Intake requests one channel key may send per <see cref="IntakeWindow"/>.</summary>
    public int IntakePerChannelKey { get; set; } = 300_000;

    public TimeSpan IntakeWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The WebSocket sessions' bounds.</summary>
    public Realtime.RealtimeOptions Realtime { get; set; } = new();
}
