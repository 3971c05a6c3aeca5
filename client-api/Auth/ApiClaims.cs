namespace Routing.ClientApi.Auth;

/// <summary>Claims and policies of the API's callers (R25).</summary>
public static class ApiClaims
{
    public const string Scheme = "ApiKey";
    public const string Workspace = "routing:workspace";
    public const string Scope = "routing:scope";
    public const string KeyId = "routing:key-id";

    /// <summary>An operator token's operator id (with <see cref="OperatorScope"/>).</summary>
    public const string OperatorId = "routing:operator-id";

    /// <summary>A customer token's channel identity (with <see cref="CustomerScope"/>): the site widget's visitor.</summary>
    public const string CustomerChannel = "routing:customer-channel";
    public const string CustomerExternalId = "routing:customer-external-id";

    /// <summary>The <see cref="Scope"/> of the silo's bootstrap key (no workspace).</summary>
    public const string BootstrapScope = "bootstrap";

    /// <summary>The <see cref="Scope"/> of a signed operator token and of a signed customer (widget) token.</summary>
    public const string OperatorScope = "operator";
    public const string CustomerScope = "customer";

    public const string BootstrapPolicy = "bootstrap";
    public const string AdminPolicy = "admin";
    public const string ChannelPolicy = "channel";
    public const string SupervisorPolicy = "supervisor";
    public const string OperatorPolicy = "operator";
    public const string CustomerPolicy = "customer";

    /// <summary>Channel or admin keys: connectors and the center's CRM write customer cards (issue 15).</summary>
    public const string CustomerDataPolicy = "customer-data";
}
