using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Routing.Silo.Configuration;

/// <summary>
/// How silos find each other (configuration section "Cluster"). On PostgreSQL, silos with the same ids on the same
/// database form one cluster through Orleans' membership table; on SQLite the engine is one silo on loopback.
/// The silo and gateway ports are <see cref="RuntimeOptions.SiloPort"/> and <see cref="RuntimeOptions.GatewayPort"/>.
/// </summary>
public sealed partial class ClusterOptions
{
    public const string SectionName = "Cluster";
    public const string DatabaseMembership = "postgresql";
    public const string LoopbackMembership = "loopback";

    /// <summary>
    /// "postgresql": silos join a cluster through Orleans' membership table in the storage's database (the default on
    /// PostgreSQL); "loopback": this process is the only silo (the default and the only choice on SQLite).
    /// </summary>
    public string Membership { get; set; } = "";

    /// <summary>Silos with the same cluster id (and database) form one cluster. Default "routing".</summary>
    public string ClusterId { get; set; } = "routing";

    /// <summary>The application's id, kept across deployments (Orleans keys persisted data by it). Default "routing".</summary>
    public string ServiceId { get; set; } = "routing";

    /// <summary>
    /// The IP address (or a host name, resolved at start: a compose service name) other silos reach this one at, on <see cref="RuntimeOptions.SiloPort"/>;
    /// the silo also listens there. Default 127.0.0.1: silos on one machine. PostgreSQL only.
    /// </summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>How long a probe of another silo may take before it counts as missed (Orleans' ProbeTimeout). Default 5 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Missed probes after which a silo is suspected; enough suspicions declare it dead. Default 3.</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>The advertised address as an IP address; null when it is neither an address nor a host name that resolves.</summary>
    public IPAddress? ResolveAdvertisedAddress()
    {
        if (IPAddress.TryParse(AdvertisedAddress, out var address)) return address;
        if (string.IsNullOrWhiteSpace(AdvertisedAddress)) return null;
        try
        {
            var addresses = Dns.GetHostAddresses(AdvertisedAddress);
            return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>Whether silos meet through the database's membership table (else: one silo on loopback).</summary>
    public bool UsesDatabaseMembership(StorageOptions storage) =>
        string.IsNullOrEmpty(Membership) ? storage.IsPostgreSql : string.Equals(Membership, DatabaseMembership, StringComparison.OrdinalIgnoreCase);

    internal IEnumerable<string> Validate(StorageOptions storage)
    {
        var clustered = UsesDatabaseMembership(storage);
        if (!string.IsNullOrEmpty(Membership) && !string.Equals(Membership, DatabaseMembership, StringComparison.OrdinalIgnoreCase) &&
            !string.Equals(Membership, LoopbackMembership, StringComparison.OrdinalIgnoreCase))
            yield return $"{SectionName}:Membership '{Membership}' is not supported; use {DatabaseMembership} or {LoopbackMembership}.";
        else if (clustered && !storage.IsPostgreSql)
            yield return $"{SectionName}:Membership {DatabaseMembership} needs Storage:Provider {StorageOptions.PostgreSqlProvider} (the membership table lives in that database).";
        // Orleans stores both in varchar(150) columns of its membership table.
        if (!Id().IsMatch(ClusterId ?? "")) yield return $"{SectionName}:ClusterId must be 1-150 letters, digits, '.', '-' or '_'.";
        if (!Id().IsMatch(ServiceId ?? "")) yield return $"{SectionName}:ServiceId must be 1-150 letters, digits, '.', '-' or '_'.";
        // Only the form: a host name may resolve only where the silo runs (a container's own service name).
        if (clustered && Uri.CheckHostName(AdvertisedAddress) == UriHostNameType.Unknown)
            yield return $"{SectionName}:AdvertisedAddress '{AdvertisedAddress}' is neither an IP address nor a host name.";
        if (ProbeTimeout <= TimeSpan.Zero) yield return $"{SectionName}:ProbeTimeout must be positive.";
        if (MissedProbesLimit < 1) yield return $"{SectionName}:MissedProbesLimit must be at least 1.";
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,150}$")]
    private static partial Regex Id();
}
