namespace Routing.Silo.Configuration;

/// <summary>Authentication of API callers (configuration section "Auth", R25).</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Shortest bootstrap key accepted: it can create workspaces, so it must not be guessable.</summary>
    public const int MinBootstrapKeyLength = 32;

    /// <summary>
    /// The bootstrap key: sent as <c>Authorization: Bearer &lt;key&gt;</c>, it may create a workspace with its first admin
    /// key (POST /v1/workspaces) and nothing else. Empty (the default): no bootstrap key, no workspace can be created.
    /// </summary>
    public string BootstrapKey { get; set; } = "";

    internal IEnumerable<string> Validate()
    {
        if (BootstrapKey.Length > 0 && BootstrapKey.Length < MinBootstrapKeyLength)
            yield return $"Auth:BootstrapKey must be at least {MinBootstrapKeyLength} characters (e.g. openssl rand -hex 32).";
        if (BootstrapKey.Any(char.IsWhiteSpace)) yield return "Auth:BootstrapKey must not contain whitespace.";
    }
}
