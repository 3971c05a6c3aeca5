namespace Routing.GrainInterfaces;

/// <summary>
/// Grain keys carry their workspace first ("acme/op-17"), because the workspace is the unit of
/// isolation (R1) and the future unit of partitioning across silos.
/// </summary>
public static class GrainKey
{
    public const char Separator = '/';

    public static string Compose(string workspaceId, string localId)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspaceId);
        ArgumentException.ThrowIfNullOrEmpty(localId);
        if (workspaceId.Contains(Separator))
            throw new ArgumentException($"A workspace id may not contain '{Separator}'.", nameof(workspaceId));
        return string.Concat(workspaceId, Separator.ToString(), localId);
    }

    /// <summary>The workspace part of a key, or the whole key for a workspace-level grain.</summary>
    public static string WorkspaceOf(string key)
    {
        var cut = key.IndexOf(Separator);
        return cut < 0 ? key : key[..cut];
    }

    /// <summary>The part after the workspace, or empty for a workspace-level grain.</summary>
    public static string LocalIdOf(string key)
    {
        var cut = key.IndexOf(Separator);
        return cut < 0 ? string.Empty : key[(cut + 1)..];
    }
}
