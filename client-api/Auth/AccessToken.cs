using Routing.GrainInterfaces.Model;

namespace Routing.ClientApi.Auth;

/// <summary>Whom a signed token speaks for.</summary>
public enum AccessTokenKind
{
    /// <summary>An operator of the workspace; <see cref="AccessToken.Subject"/> is the operator id.</summary>
    Operator,

    /// <summary>A customer on a channel (the site widget's visitor); <see cref="AccessToken.Subject"/> is their external id.</summary>
    Customer,
}

/// <summary>
/// The claims of a signed operator or customer token (R25). Times are whole unix seconds, as the token carries them.
/// </summary>
public sealed record AccessToken(string WorkspaceId, AccessTokenKind Kind, string Subject, Channel? Channel, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt)
{
    /// <summary>The longest lifetime a token may have (7 days): a stolen token must not outlive a week.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    public static AccessToken Operator(string workspaceId, string operatorId, DateTimeOffset now, TimeSpan lifetime) =>
        new(workspaceId, AccessTokenKind.Operator, operatorId, null, Seconds(now), Seconds(now + lifetime));

    public static AccessToken Customer(string workspaceId, Channel channel, string externalId, DateTimeOffset now, TimeSpan lifetime) =>
        new(workspaceId, AccessTokenKind.Customer, externalId, channel, Seconds(now), Seconds(now + lifetime));

    /// <summary>Why these claims cannot be a token, or null.</summary>
    public string? Problem()
    {
        if (!Ids.IsWorkspaceId(WorkspaceId)) return "invalid workspace id";
        switch (Kind)
        {
            case AccessTokenKind.Operator when !Ids.IsId(Subject) || Channel is not null:
                return "an operator token needs a valid operator id and no channel";
            case AccessTokenKind.Customer when !Ids.IsExternalId(Subject) || Channel is not { } channel || !Enum.IsDefined(channel):
                return "a customer token needs a valid external id and channel";
            case not (AccessTokenKind.Operator or AccessTokenKind.Customer):
                return "unknown token kind";
        }
        if (ExpiresAt <= IssuedAt || ExpiresAt - IssuedAt > MaxLifetime) return $"a token lives more than 0 and at most {MaxLifetime.TotalDays} days";
        return null;
    }

    private static DateTimeOffset Seconds(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());
}
