using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Routing.Silo.Tests.Api;

/// <summary>R25 over every /v1 endpoint the silo maps, found from its routing table (a new endpoint cannot be forgotten).</summary>
public sealed class EveryEndpointTests
{
    [Fact]
    public async Task Every_v1_endpoint_needs_a_key_of_an_allowed_scope_and_refuses_another_workspaces_admin()
    {
        await using var world = await ApiWorld.StartAsync();
        var admin = await world.CreateWorkspaceAsync("acme");
        var otherAdmin = await world.CreateWorkspaceAsync("other");
        var keys = new Dictionary<string, string>
        {
            ["bootstrap"] = ApiWorld.BootstrapKey,
            ["admin"] = admin,
            ["channel"] = await world.CreateKeyAsync("acme", admin, "channel"),
            ["supervisor"] = await world.CreateKeyAsync("acme", admin, "supervisor"),
        };
        await world.OkAsync(HttpMethod.Put, "/v1/workspaces/acme/departments/support", admin, new { name = "Support" });
        await world.OkAsync(HttpMethod.Put, "/v1/workspaces/acme/operators/ann", admin, new { capacity = 1 });
        keys["operator"] = await Tokens.OperatorAsync(world, "acme", admin, "ann");
        keys["customer"] = await Tokens.CustomerAsync(world, "acme", keys["channel"], "visitor-1");
        // Which caller each policy lets in; every other one is refused with 403 before the request is even read.
        var allowed = new Dictionary<string, string[]>
        {
            ["bootstrap"] = ["bootstrap"], ["admin"] = ["admin"], ["channel"] = ["channel"], ["supervisor"] = ["supervisor", "admin"],
            ["operator"] = ["operator"], ["customer"] = ["customer"], ["workspace-caller"] = ["admin", "channel", "supervisor", "operator", "customer"],
            ["customer-data"] = ["channel", "admin"],
        };
        var before = (await world.GetJsonAsync("/v1/workspaces/acme/departments", admin)).ToString();

        var endpoints = Endpoints(world);
        Assert.True(endpoints.Count >= 30, $"only {endpoints.Count} endpoints found");
        var failures = new List<string>();
        foreach (var (method, pattern, policies) in endpoints)
        {
            if (policies.Count != 1 || !allowed.ContainsKey(policies[0])) failures.Add($"{method} {pattern}: policies [{string.Join(", ", policies)}]");
            var path = pattern.Replace("{ws}", "acme").Replace("{channel}", "chat");
            path = System.Text.RegularExpressions.Regex.Replace(path, "{[^}]+}", "x");
            using (var anonymous = await world.SendAsync(new HttpMethod(method), path, null, method is "GET" or "DELETE" ? null : "{}"))
                if (anonymous.StatusCode != HttpStatusCode.Unauthorized) failures.Add($"{method} {path} without a key: {(int)anonymous.StatusCode}");
            foreach (var (scope, key) in keys.Where(k => policies.Count == 1 && allowed.TryGetValue(policies[0], out var callers) && !callers.Contains(k.Key)))
            {
                using var wrongScope = await world.SendAsync(new HttpMethod(method), path, key, method is "GET" or "DELETE" ? null : "{}");
                if (wrongScope.StatusCode != HttpStatusCode.Forbidden) failures.Add($"{method} {path} with a {scope} key: {(int)wrongScope.StatusCode}");
            }
            if (pattern == "/v1/workspaces") continue;
            using var foreign = await world.SendAsync(new HttpMethod(method), path, otherAdmin, method is "GET" or "DELETE" ? null : "{}");
            if (foreign.StatusCode != HttpStatusCode.Forbidden) failures.Add($"{method} {path} with another workspace's admin key: {(int)foreign.StatusCode}");
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(before, (await world.GetJsonAsync("/v1/workspaces/acme/departments", admin)).ToString());
    }

    /// <summary>Every /v1 endpoint the silo maps: method, route pattern and authorization policies.</summary>
    internal static List<(string Method, string Pattern, IReadOnlyList<string> Policies)> Endpoints(ApiWorld world) =>
        world.Silo.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => (method, "/" + e.RoutePattern.RawText!.TrimStart('/'),
                (IReadOnlyList<string>)e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList())))
            .ToList();
}
