using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Routing.Grains.Hosting;
using Routing.Testing;

namespace Routing.Grains.Tests.Grains;

/// <summary>
/// The routing grains on the shared in-process <see cref="TestSilo"/>: fake time, SQLite storage in a file that
/// outlives the silo, so a test can stop one silo and start another on the same database (a restart).
/// </summary>
internal static class GrainTestSilo
{
    public static Task<TestSilo> StartAsync(string databasePath, FakeTimeProvider? time = null) =>
        TestSilo.StartAsync(silo => silo.AddRoutingGrains(), s => s.AddSqliteGrainStorage(o => o.DatabasePath = databasePath), time);
}

/// <summary>A temporary directory with one database file per test, deleted afterwards.</summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "routing-grains-" + Guid.NewGuid().ToString("N"));

    public TempDatabase() => Directory.CreateDirectory(_directory);

    public string DatabasePath => System.IO.Path.Combine(_directory, "routing.db");

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } // a lingering handle: leave it to the OS
    }
}
