namespace Routing.ClientApi.Auth;

/// <summary>Claims and policies of the API's callers (R25).</summary>
public static class ApiClaims
{
    public const string Scheme = "ApiKey";
    public const string Workspace = "routing:workspace";
    public const string Scope = "routing:scope";
    public const string KeyId = "routing:key-id";

    /// <summary>The <see cref="Scope"/> of the silo's bootstrap key (no workspace).</summary>
    public const string BootstrapScope = "bootstrap";

    public const string BootstrapPolicy = "bootstrap";
    public const string AdminPolicy = "admin";
    public const string ChannelPolicy = "channel";
    public const string SupervisorPolicy = "supervisor";
}
