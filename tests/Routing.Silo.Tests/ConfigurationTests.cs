using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Routing.Silo.Configuration;

namespace Routing.Silo.Tests;

/// <summary>What the silo does with no configuration, and how it refuses a configuration it cannot use.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public async Task Without_configuration_the_silo_uses_sqlite_under_data_on_port_5080()
    {
        await using var app = SiloApp.Build([]);
        var settings = app.Services.GetRequiredService<SiloSettings>();

        Assert.Equal("sqlite", settings.Storage.Provider);
        Assert.Equal("data/routing.db", settings.Storage.Sqlite.DatabasePath);
        Assert.Equal("http://127.0.0.1:5080", app.Configuration["urls"]);
        Assert.Equal(TimeSpan.FromSeconds(30), app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), app.Services.GetRequiredService<IOptions<SiloMessagingOptions>>().Value.ResponseTimeout);
    }

    [Fact]
    public async Task Settings_reach_Orleans_the_host_and_the_storage()
    {
        await using var app = SiloApp.Build([
            "--Runtime:CallTimeout=00:00:07", "--Runtime:CollectionAgeByType:conversation=00:02:00", "--Silo:ShutdownTimeout=00:00:12",
            "--Storage:Sqlite:DatabasePath=/tmp/elsewhere/routing.db", "--Urls=http://127.0.0.1:6001"]);

        Assert.Equal(TimeSpan.FromSeconds(7), app.Services.GetRequiredService<IOptions<SiloMessagingOptions>>().Value.ResponseTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), app.Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value
            .ClassSpecificCollectionAge[typeof(Routing.Grains.Grains.ConversationGrain).FullName!]);
        Assert.Equal(TimeSpan.FromSeconds(12), app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        Assert.Equal("/tmp/elsewhere/routing.db",
            app.Services.GetRequiredService<IOptions<Routing.Storage.Sqlite.SqliteGrainStorageOptions>>().Value.DatabasePath);
        Assert.Equal("http://127.0.0.1:6001", app.Configuration["urls"]);
    }

    [Theory]
    [InlineData("--Storage:Provider=mysql", "Storage:Provider 'mysql' is not supported; use one of: sqlite, postgresql.")]
    [InlineData("--Storage:Provider=postgresql", "Storage:PostgreSql:ConnectionString is required.")]
    [InlineData("--Storage:Sqlite:DatabasPath=x.db", "Storage:Sqlite:DatabasPath is not a setting; Storage:Sqlite has: DatabasePath,")]
    [InlineData("--Runtime:CallTimout=00:00:05", "Runtime:CallTimout is not a setting; Runtime has: CallTimeout,")]
    [InlineData("--Runtime:CallTimeout=soon", "'soon' at 'Runtime:CallTimeout' to type 'System.TimeSpan'")]
    [InlineData("--Logging:Format=xml", "Logging:Format 'xml' is not supported; use one of: text, json.")]
    [InlineData("--Silo:ShutdownTimeout=-00:00:01", "Silo:ShutdownTimeout must be positive.")]
    [InlineData("--Runtime:EventRelayQueueCapacity=0", "Runtime:EventRelayQueueCapacity must be positive.")]
    [InlineData("--Auth:BootstrapKey=short", "Auth:BootstrapKey must be at least 32 characters")]
    [InlineData("--Auth:BootstrapKy=0123456789abcdef0123456789abcdef", "Auth:BootstrapKy is not a setting; Auth has: BootstrapKey.")]
    [InlineData("--RateLimits:IntakePerCustomer=0", "RateLimits:IntakePerCustomer must be at least 1.")]
    [InlineData("--Cluster:ClusterId=acme cluster", "Cluster:ClusterId must be 1-150 letters, digits, '.', '-' or '_'.")]
    [InlineData("--Cluster:Membership=zookeeper", "Cluster:Membership 'zookeeper' is not supported; use postgresql or loopback.")]
    [InlineData("--Cluster:Membership=postgresql", "Cluster:Membership postgresql needs Storage:Provider postgresql")]
    [InlineData("--Cluster:ProbeTimeout=00:00:00", "Cluster:ProbeTimeout must be positive.")]
    [InlineData("--Cluster:MissedProbesLimit=0", "Cluster:MissedProbesLimit must be at least 1.")]
    public void An_unusable_setting_is_refused_with_its_key_and_the_fix(string argument, string expected)
    {
        var error = Assert.Throws<SiloConfigurationException>(() => SiloApp.Build([argument]));

        Assert.Contains(expected, error.Message);
        Assert.Contains("ROUTING_", error.Message); // says where settings come from
    }

    [Fact]
    public void An_advertised_address_that_is_no_host_name_is_refused_on_postgresql()
    {
        var error = Assert.Throws<SiloConfigurationException>(() => SiloApp.Build(
            [.. OnPostgreSql, "--Cluster:AdvertisedAddress=silo 1"]));

        Assert.Contains("Cluster:AdvertisedAddress 'silo 1' is neither an IP address nor a host name.", error.Message);
    }

    [Fact]
    public async Task On_postgresql_silos_meet_through_the_membership_table_with_the_configured_ids_and_address()
    {
        await using var app = SiloApp.Build([.. OnPostgreSql, "--Cluster:ClusterId=blue", "--Cluster:ServiceId=acme-routing",
            "--Cluster:AdvertisedAddress=127.0.0.2", "--Runtime:SiloPort=12000", "--Runtime:GatewayPort=31000", "--Cluster:ProbeTimeout=00:00:02"]);

        var cluster = app.Services.GetRequiredService<IOptions<Orleans.Configuration.ClusterOptions>>().Value;
        Assert.Equal(("blue", "acme-routing"), (cluster.ClusterId, cluster.ServiceId));
        var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal(("127.0.0.2", 12000, 31000), (endpoints.AdvertisedIPAddress.ToString(), endpoints.SiloPort, endpoints.GatewayPort));
        Assert.Equal(TimeSpan.FromSeconds(2), app.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value.ProbeTimeout);
        Assert.Equal("Orleans.Runtime.MembershipService.AdoNetClusteringTable",
            app.Services.GetRequiredService<Orleans.IMembershipTable>().GetType().FullName);
    }

    [Fact]
    public async Task On_sqlite_the_silo_is_alone_on_loopback()
    {
        await using var app = SiloApp.Build(["--Cluster:ClusterId=blue"]);

        Assert.Equal("blue", app.Services.GetRequiredService<IOptions<Orleans.Configuration.ClusterOptions>>().Value.ClusterId);
        Assert.Equal(System.Net.IPAddress.Loopback, app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value.AdvertisedIPAddress);
        Assert.DoesNotContain("AdoNet", app.Services.GetRequiredService<Orleans.IMembershipTable>().GetType().FullName);
    }

    private static readonly string[] OnPostgreSql =
        ["--Storage:Provider=postgresql", "--Storage:PostgreSql:ConnectionString=Host=127.0.0.1;Database=routing;Username=routing"];

    [Fact]
    public void Every_problem_is_listed_at_once()
    {
        var error = Assert.Throws<SiloConfigurationException>(() =>
            SiloApp.Build(["--Storage:Sqlite:DatabasPath=x.db", "--Runtime:CallTimeout=soon", "--Silo:Port=1"]));

        Assert.Contains("Storage:Sqlite:DatabasPath", error.Message);
        Assert.Contains("Runtime:CallTimeout", error.Message);
        Assert.Contains("Silo:Port", error.Message);
    }

    [Fact]
    public void Unknown_routing_variables_are_found_by_their_section()
    {
        var variables = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "sqlite",
            ["Urls"] = "http://0.0.0.0:5080",
            ["Storag:Provider"] = "postgresql",
        }).Build();

        Assert.Equal(["Storag"], SiloSettings.UnknownRootKeys(variables));
    }
}
