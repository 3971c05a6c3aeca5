using Microsoft.Extensions.Configuration;
using Npgsql;
using Routing.Silo.Configuration;
using Routing.Silo.Tests.Deployment;

namespace Routing.Silo.Tests;

/// <summary>
/// docker-compose.yml and silo/Dockerfile checked against the silo itself, since no Docker engine runs here:
/// services, paths, ports and every ROUTING_* variable bound through the silo's real options classes.
/// </summary>
public sealed class DeploymentFilesTests
{
    private static readonly ComposeFile Compose = ComposeFile.Load(Repository.PathOf("docker-compose.yml"));

    private static string DockerfilePath => Path.GetFullPath(Path.Combine(Compose.Directory,
        Compose.Scalar("silo-1", "build", "context") ?? ".", Compose.Scalar("silo-1", "build", "dockerfile") ?? "Dockerfile"));

    private static DockerfileText Dockerfile => DockerfileText.Load(DockerfilePath);

    /// <summary>The three silos of the compose cluster.</summary>
    private static readonly string[] SiloNames = ["silo-1", "silo-2", "silo-3"];

    public static TheoryData<string> Silos() => new(SiloNames);

    /// <summary>The host's environment when compose runs: what the README tells the user to export.</summary>
    private static readonly Dictionary<string, string> HostEnvironment = new() { ["ROUTING_BOOTSTRAP_KEY"] = new string('a', 64) };

    /// <summary>
    /// What the silo container sees: the image's ENV, then compose's environment on top, with compose's
    /// <c>${NAME}</c> / <c>${NAME:?error}</c> / <c>${NAME:-default}</c> taken from <see cref="HostEnvironment"/>.
    /// </summary>
    private static Dictionary<string, string> SiloEnvironment(string silo = "silo-1", bool interpolate = true)
    {
        var environment = new Dictionary<string, string>(Dockerfile.Environment());
        foreach (var (name, value) in Compose.Environment(silo))
            environment[name] = interpolate ? System.Text.RegularExpressions.Regex.Replace(value, @"\$\{(?<name>\w+)(?::[?-][^}]*)?\}",
                m => HostEnvironment.TryGetValue(m.Groups["name"].Value, out var host) ? host : throw new InvalidOperationException($"{m.Value} is not set")) : value;
        return environment;
    }

    /// <summary>The configuration the silo builds from those variables: prefix removed, "__" as the section separator.</summary>
    private static IConfigurationRoot RoutingConfiguration(string silo = "silo-1") => new ConfigurationBuilder().AddInMemoryCollection(
        SiloEnvironment(silo).Where(variable => variable.Key.StartsWith(SiloSettings.EnvironmentPrefix, StringComparison.Ordinal))
            .Select(variable => KeyValuePair.Create(variable.Key[SiloSettings.EnvironmentPrefix.Length..].Replace("__", ":"), (string?)variable.Value))).Build();

    [Fact]
    public void Compose_runs_postgres_and_three_silos() =>
        Assert.Equal(["postgres", "silo-1", "silo-2", "silo-3"], Compose.ServiceNames.Order());

    [Fact]
    public void The_silos_form_one_cluster_each_advertising_its_own_service_name()
    {
        var silos = SiloNames.ToList();
        var settings = silos.Select(silo => SiloSettings.Load(RoutingConfiguration(silo))).ToList();

        Assert.Single(settings.Select(s => s.Cluster.ClusterId).Distinct());
        Assert.Equal(silos, settings.Select(s => s.Cluster.AdvertisedAddress));
        Assert.All(settings, s => Assert.True(s.Cluster.UsesDatabaseMembership(s.Storage)));
        Assert.Equal(silos.Count, silos.Select(silo => ComposeFile.HostPort(Assert.Single(Compose.List(silo, "ports")))).Distinct().Count());
    }

    [Fact]
    public void Postgres_is_version_15_with_credentials_a_healthcheck_and_a_volume()
    {
        Assert.Equal("postgres:15", Compose.Scalar("postgres", "image"));
        var environment = Compose.Environment("postgres");
        foreach (var name in new[] { "POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD" })
            Assert.False(string.IsNullOrEmpty(environment.GetValueOrDefault(name)), $"postgres needs {name}");
        Assert.Contains("pg_isready", Compose.Node("postgres", "healthcheck")!.ToString());
        var volume = Assert.Single(Compose.List("postgres", "volumes"));
        Assert.EndsWith(":/var/lib/postgresql/data", volume);
        Assert.Contains(volume.Split(':')[0], Compose.Volumes);
    }

    [Theory, MemberData(nameof(Silos))]
    public void Silo_builds_from_the_dockerfile_and_waits_for_a_healthy_postgres(string silo)
    {
        Assert.True(File.Exists(DockerfilePath), $"{DockerfilePath} named by docker-compose.yml does not exist");
        Assert.Equal((Compose.Scalar("silo-1", "build", "context"), Compose.Scalar("silo-1", "build", "dockerfile")),
            (Compose.Scalar(silo, "build", "context"), Compose.Scalar(silo, "build", "dockerfile")));
        Assert.Equal("service_healthy", Compose.Scalar(silo, "depends_on", "postgres", "condition"));
    }

    [Theory, MemberData(nameof(Silos))]
    public void Every_routing_variable_names_a_real_silo_setting_and_binds_to_its_value(string silo)
    {
        var configuration = RoutingConfiguration(silo);
        Assert.Empty(SiloSettings.UnknownRootKeys(configuration));

        var settings = SiloSettings.Load(configuration); // throws on a misspelt key or an unusable value

        foreach (var (key, value) in configuration.AsEnumerable().Where(pair => pair.Value is not null))
        {
            if (string.Equals(key, "Urls", StringComparison.OrdinalIgnoreCase)) continue; // ASP.NET Core's, not an options class
            Assert.True(BoundSetting.Matches(BoundSetting.Read(settings, key), value!), $"{key}={value} did not bind to the silo's options");
        }
    }

    [Theory, MemberData(nameof(Silos))]
    public void The_bootstrap_key_comes_from_the_hosts_environment_and_compose_refuses_to_start_without_it(string silo) =>
        Assert.Matches(@"^\$\{ROUTING_BOOTSTRAP_KEY:\?.+\}$", SiloEnvironment(silo, interpolate: false)["ROUTING_Auth__BootstrapKey"]);

    [Theory, MemberData(nameof(Silos))]
    public void Silo_uses_the_compose_postgres_with_its_credentials(string silo)
    {
        var settings = SiloSettings.Load(RoutingConfiguration(silo));
        var postgres = Compose.Environment("postgres");

        Assert.True(settings.Storage.IsPostgreSql);
        var connection = new NpgsqlConnectionStringBuilder(settings.Storage.PostgreSql.ConnectionString);
        Assert.Equal("postgres", connection.Host);
        Assert.Equal(5432, connection.Port);
        Assert.Equal(postgres["POSTGRES_DB"], connection.Database);
        Assert.Equal(postgres["POSTGRES_USER"], connection.Username);
        Assert.Equal(postgres["POSTGRES_PASSWORD"], connection.Password);
    }

    [Theory, MemberData(nameof(Silos))]
    public void Ports_agree_with_the_address_the_silo_listens_on(string silo)
    {
        var listen = new Uri(SiloEnvironment(silo)["Urls"]);
        Assert.Equal("0.0.0.0", listen.Host); // reachable through Docker's port mapping
        Assert.Equal("", SiloEnvironment(silo).GetValueOrDefault("ASPNETCORE_HTTP_PORTS", "")); // the base image's 8080 would compete

        var mapping = Assert.Single(Compose.List(silo, "ports"));
        Assert.Equal(listen.Port, ComposeFile.ContainerPort(mapping));
        Assert.Contains(listen.Port.ToString(), Dockerfile.Arguments("EXPOSE").SelectMany(ports => ports.Split(' ')));
        // The host sees the first silo where `dotnet run --project silo` puts it, so the README's curl lines serve both;
        // the others on the next ports.
        Assert.Equal(new Uri(SiloOptions.DefaultUrl).Port + Array.IndexOf(SiloNames, silo), ComposeFile.HostPort(mapping));
    }

    [Fact]
    public void Dockerfile_builds_on_dotnet_10_and_publishes_the_silo_project()
    {
        Assert.Equal(["mcr.microsoft.com/dotnet/sdk:10.0 AS build", "mcr.microsoft.com/dotnet/aspnet:10.0"], Dockerfile.Arguments("FROM"));
        var publish = Assert.Single(Dockerfile.Arguments("RUN"), run => run.StartsWith("dotnet publish", StringComparison.Ordinal));
        var project = publish.Split(' ').Single(word => word.EndsWith(".csproj", StringComparison.Ordinal));
        Assert.Equal(Repository.SiloProject, Repository.PathOf(project));
        Assert.True(File.Exists(Repository.PathOf(project)));
        Assert.Contains($"\"{typeof(SiloApp).Assembly.GetName().Name}.dll\"", Assert.Single(Dockerfile.Arguments("ENTRYPOINT")));
    }

    [Fact]
    public void Dockerfile_copies_the_root_build_files_before_restoring()
    {
        // MSBuild reads Directory.Build.props/.targets and Directory.Packages.props above every project: one left out
        // builds the image differently from the tree (Directory.Packages.props pins every package version, for one).
        var sources = Dockerfile.CopySources().ToList();
        var restore = Dockerfile.IndexOf("RUN", "dotnet restore");
        var buildFiles = Directory.GetFiles(Repository.Root, "Directory.*").Select(Path.GetFileName)
            .Where(name => name!.EndsWith(".props", StringComparison.Ordinal) || name.EndsWith(".targets", StringComparison.Ordinal)).ToList();

        Assert.Contains("Directory.Packages.props", buildFiles);
        foreach (var file in buildFiles)
            Assert.True(sources.Any(copy => copy.Index < restore && copy.Source == file), $"{file} is not copied before `dotnet restore`");
    }

    [Fact]
    public void Dockerfile_copies_every_project_the_silo_needs_before_restoring_it()
    {
        var sources = Dockerfile.CopySources().ToList();
        var restore = Dockerfile.IndexOf("RUN", "dotnet restore");
        Assert.True(restore >= 0, "the Dockerfile restores before copying sources, so the restore layer is cached");

        foreach (var project in ProjectGraph.Closure(Repository.SiloProject))
        {
            var relative = Path.GetRelativePath(Repository.Root, project).Replace('\\', '/');
            var directory = Path.GetDirectoryName(relative)!.Replace('\\', '/') + "/";
            Assert.True(sources.Any(copy => copy.Index < restore && copy.Source == relative), $"{relative} is not copied before `dotnet restore`");
            Assert.True(sources.Any(copy => copy.Source.EndsWith('/') && directory.StartsWith(copy.Source, StringComparison.Ordinal)),
                $"{directory} (sources of a project the silo needs) is not copied");
        }
    }
}
