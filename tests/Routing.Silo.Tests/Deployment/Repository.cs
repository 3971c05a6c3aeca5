namespace Routing.Silo.Tests.Deployment;

/// <summary>Paths in the repository the tests were built from.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    /// <summary>The silo project, as the tests reference it (its assembly name is the project file name).</summary>
    public static string SiloProject => PathOf($"silo/{typeof(SiloApp).Assembly.GetName().Name}.csproj");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props")) && File.Exists(Path.Combine(directory.FullName, "docker-compose.yml")))
                return directory.FullName;
        throw new InvalidOperationException($"No repository root (with Directory.Packages.props and docker-compose.yml) above {AppContext.BaseDirectory}.");
    }
}
