using System.Text.RegularExpressions;
using Routing.ClientApi.Errors;
using Routing.GrainInterfaces;
using Routing.Silo.Tests.Contracts;
using Routing.Silo.Tests.Deployment;

namespace Routing.Silo.Tests.Api;

/// <summary>
/// Every code the engine can answer with is a constant of ErrorCodes (the grains' refusal codes included), and the
/// README's table of codes lists exactly those; REALTIME.md's error codes are among them.
/// </summary>
public sealed partial class ErrorCodesDocumentationTests
{
    [Fact]
    public void The_readme_lists_every_code_the_engine_can_answer_with_and_no_other()
    {
        var readme = File.ReadAllText(Repository.PathOf("README.md"));
        var table = readme[readme.IndexOf("| Code | Status | When |", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n\n", StringComparison.Ordinal)];

        Assert.Equal(StringConstants.Of(typeof(ErrorCodes)).Order(), CodesIn(table).Order());
    }

    [Fact]
    public void Every_refusal_code_of_the_grains_is_an_api_error_code()
    {
        Assert.Subset(StringConstants.Of(typeof(ErrorCodes)).ToHashSet(), StringConstants.Of(typeof(RoutingRefusedException)).ToHashSet());
    }

    [Fact]
    public void The_websocket_error_codes_are_api_error_codes()
    {
        var realtime = File.ReadAllText(Repository.PathOf("client-api/REALTIME.md"));
        var table = realtime[realtime.IndexOf("## Error codes", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n## ", 3, StringComparison.Ordinal)];

        var documented = CodesIn(table).ToHashSet();
        Assert.Contains(ErrorCodes.MalformedFrame, documented);
        Assert.Subset(StringConstants.Of(typeof(ErrorCodes)).ToHashSet(), documented);
    }

    /// <summary>The backticked codes in the first column of each row of a markdown table.</summary>
    private static List<string> CodesIn(string table) =>
        table.Split('\n').Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(line => BacktickedCode().Matches(line.Split('|')[1]).Select(m => m.Groups["code"].Value)).ToList();

    [GeneratedRegex("`(?<code>[a-z][a-z-]*)`")]
    private static partial Regex BacktickedCode();
}
