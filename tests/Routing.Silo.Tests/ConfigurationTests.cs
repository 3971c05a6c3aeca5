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
    public void An_unusable_setting_is_refused_with_its_key_and_the_fix(string argument, string expected)
    {
        var error = Assert.Throws<SiloConfigurationException>(() => SiloApp.Build([argument]));

        Assert.Contains(expected, error.Message);
        Assert.Contains("ROUTING_", error.Message); // says where settings come from
    }

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
