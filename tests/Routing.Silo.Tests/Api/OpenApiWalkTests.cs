using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Routing.ClientApi.Auth;
using Routing.ClientApi.Errors;
using Routing.Silo.Tests.Contracts;

namespace Routing.Silo.Tests.Api;

/// <summary>
/// R25 from the outside, as a client holding only the served OpenAPI document would try it: every operation with a
/// body is sent that body without each field the document marks required (at every depth), and with another content
/// type. Each is refused with problem details and a documented code (a missing field named), and nothing changes.
/// </summary>
public sealed class OpenApiWalkTests
{
    [Fact]
    public async Task Every_operation_refuses_a_body_missing_a_required_field_or_of_another_content_type_and_nothing_changes()
    {
        await using var world = await ApiWorld.StartAsync("--RateLimits:IntakePerCustomer=1000", "--RateLimits:IntakePerChannelKey=100000");
        var (admin, channel, held, queued) = await SupportDesk.ArrangeAsync(world);
        var conversation = held.GetProperty("conversationId").GetString()!;
        var customer = held.GetProperty("customerId").GetString()!;
        var keys = new Dictionary<string, string>
        {
            [ApiClaims.BootstrapPolicy] = ApiWorld.BootstrapKey, [ApiClaims.AdminPolicy] = admin, [ApiClaims.ChannelPolicy] = channel,
            [ApiClaims.SupervisorPolicy] = admin, [ApiClaims.OperatorPolicy] = await Tokens.OperatorAsync(world, "acme", admin, "ann"),
            [ApiClaims.CustomerPolicy] = await Tokens.CustomerAsync(world, "acme", channel, "v1"),
            [ApiClaims.CustomerDataPolicy] = channel,
        };
        var policies = EveryEndpointTests.Endpoints(world).ToDictionary(e => (e.Method, Normalized(e.Pattern)), e => e.Policies.Single());
        var document = JsonNode.Parse(await world.Silo.Http.GetStringAsync("/openapi/v1.json"))!;
        var examples = new SchemaExample(document["components"]!["schemas"]!.AsObject());
        var before = await WorkspaceSnapshot.ReadAsync(world, admin, queued.GetProperty("conversationId").GetString()!, customer);

        var failures = new List<string>();
        var sent = 0;
        foreach (var (pattern, operations) in document["paths"]!.AsObject())
        foreach (var (method, operation) in operations!.AsObject())
        {
            if (operation!["requestBody"]?["content"]?["application/json"]?["schema"] is not { } schema) continue;
            var key = keys[policies[(method.ToUpperInvariant(), Normalized(pattern))]];
            var path = Path(pattern, conversation, customer);
            var body = examples.For(schema)!;
            foreach (var (objectPath, field) in examples.RequiredFields(schema))
            {
                var without = SchemaExample.Without(body, objectPath, field).ToJsonString();
                var where = $"{method.ToUpperInvariant()} {pattern} without {string.Join(".", [.. objectPath, field])}";
                failures.AddRange(await Refused(world, method, path, key, without, "application/json", HttpStatusCode.BadRequest, ErrorCodes.MalformedRequest, field, where));
                sent++;
            }
            failures.AddRange(await Refused(world, method, path, key, body.ToJsonString(), "text/plain", HttpStatusCode.UnsupportedMediaType,
                ErrorCodes.UnsupportedMediaType, null, $"{method.ToUpperInvariant()} {pattern} as text/plain"));
            sent++;
        }

        Assert.True(sent >= 40, $"only {sent} requests: the walk found too few operations or required fields");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(before, await WorkspaceSnapshot.ReadAsync(world, admin, queued.GetProperty("conversationId").GetString()!, customer));
    }

    private static async Task<IEnumerable<string>> Refused(ApiWorld world, string method, string path, string key, string body, string contentType,
        HttpStatusCode status, string code, string? field, string where)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path)
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await world.Silo.Http.SendAsync(request);
        var problem = await ApiWorld.JsonAsync(response);
        var detail = problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
        return response.StatusCode == status && response.Content.Headers.ContentType?.MediaType == "application/problem+json"
               && problem.TryGetProperty("code", out var actual) && actual.GetString() == code
               && (field is null || detail.Contains($"'{field}'", StringComparison.Ordinal))
            ? []
            : [$"{where}: expected {(int)status} {code}{(field is null ? "" : $" naming '{field}'")}, got {(int)response.StatusCode} {problem}"];
    }

    private static string Normalized(string pattern) => System.Text.RegularExpressions.Regex.Replace(pattern, "/+", "/").TrimEnd('/');

    /// <summary>The route with ids of things that exist, so only the body can be what is refused.</summary>
    private static string Path(string pattern, string conversation, string customer) => pattern
        .Replace("{ws}", "acme").Replace("{departmentId}", "support").Replace("{operatorId}", "ann").Replace("{conversationId}", conversation)
        .Replace("{customerId}", customer).Replace("{channel}", "chat").Replace("{externalId}", "v1").Replace("{templateId}", "greeting")
        .Replace("{keyId}", "0123456789abcdef");
}
