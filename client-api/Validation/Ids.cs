using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Routing.ClientApi;

/// <summary>The shapes of ids in routes and bodies (they become parts of grain keys, so never contain '/').</summary>
public static partial class Ids
{
    /// <summary>Lowercase letters, digits and '-', 1-63 characters, starting with a letter or digit.</summary>
    public static bool IsWorkspaceId([NotNullWhen(true)] string? id) => id is not null && WorkspacePattern().IsMatch(id);

    /// <summary>Department, operator, customer and conversation ids: letters, digits and . _ - : @ +, 1-128 characters.</summary>
    public static bool IsId([NotNullWhen(true)] string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>A channel's customer id (visitor id, e-mail, phone ...): 1-256 printable characters without '/'.</summary>
    public static bool IsExternalId([NotNullWhen(true)] string? id) =>
        id is { Length: > 0 and <= 256 } && id.All(c => c > ' ' && c != '/' && c != '\u007f');

    /// <summary>
    /// Ids the engine derives from external ids (customers "c-Chat-{externalId}", their conversations "...-{n}"): 1-400
    /// printable characters without '/'.
    /// </summary>
    public static bool IsDerivedId([NotNullWhen(true)] string? id) =>
        id is { Length: > 0 and <= 400 } && id.All(c => c > ' ' && c != '/' && c != '\u007f');

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex WorkspacePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}$")]
    private static partial Regex IdPattern();
}
