using System.Collections;
using System.Globalization;
using Routing.Silo.Configuration;
using Routing.Silo.Tests.Deployment;

namespace Routing.Silo.Tests;

/// <summary>The README's configuration table against the options classes: every setting listed, with its real default.</summary>
public sealed class ReadmeTests
{
    // Set in code (AddStateJson), not by configuration.
    private static readonly string[] NotConfiguration = ["Runtime:StateJsonOptions"];

    private static readonly string[] TableRows = File.ReadAllLines(Repository.PathOf("README.md"))
        .Where(line => line.StartsWith("| `", StringComparison.Ordinal)).ToArray();

    public static TheoryData<string> Settings()
    {
        var data = new TheoryData<string>();
        foreach (var (key, _) in Leaves(new SiloSettings(), "")) data.Add(key);
        return data;
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Every_setting_has_a_row_with_its_default_and_variable(string key)
    {
        var defaultValue = Leaves(new SiloSettings(), "").Single(leaf => leaf.Key == key).Default;
        // A dictionary's rows name its entries: `Logging:LogLevel:Default`, `Runtime:CollectionAgeByType:<grain type>`.
        var rows = TableRows.Where(line => line.StartsWith($"| `{key}`", StringComparison.Ordinal) || line.StartsWith($"| `{key}:", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.Contains($"`{SiloSettings.EnvironmentPrefix}{key.Replace(":", "__")}", row));
        if (defaultValue is not null) Assert.Contains($"`{defaultValue}`", Assert.Single(rows));
    }

    [Fact]
    public void The_readme_runs_and_tests_with_the_commands_ci_uses()
    {
        var readme = File.ReadAllText(Repository.PathOf("README.md"));
        Assert.Contains("dotnet run --project silo", readme);
        Assert.Contains("```sh\ntests/run\n```", readme);
        Assert.Contains("\ntests/run\n", File.ReadAllText(Repository.PathOf(".ci/run")));
        Assert.Contains("\ndotnet test Routing.sln \"$@\"\n", File.ReadAllText(Repository.PathOf("tests/run")));
    }

    /// <summary>Every configuration key under the silo's sections with its default as written in configuration (null: no single default).</summary>
    private static IEnumerable<(string Key, string? Default)> Leaves(object options, string prefix)
    {
        foreach (var property in UnknownKeys.Settings(options.GetType()))
        {
            var key = prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}";
            if (NotConfiguration.Contains(key)) continue;
            var value = property.GetValue(options);
            if (UnknownKeys.HasSettings(property.PropertyType)) foreach (var leaf in Leaves(value!, key)) yield return leaf;
            else yield return (key, value is IEnumerable and not string ? null : Text(value));
        }
    }

    private static string? Text(object? value) => value switch
    {
        null or "" => null,
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
