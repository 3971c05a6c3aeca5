using System.Net;

namespace Routing.Silo.Tests.Api;

/// <summary>The engine describes its own REST API at /openapi/v1.json.</summary>
public sealed class OpenApiTests
{
    [Fact]
    public async Task The_openapi_document_lists_every_endpoint_group()
    {
        await using var world = await ApiWorld.StartAsync();

        var document = await world.Silo.Http.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        var json = await ApiWorld.JsonAsync(document);
        Assert.StartsWith("3.", json.GetProperty("openapi").GetString());
        var paths = json.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var path in new[]
                 {
                     "/v1/workspaces", "/v1/workspaces/{ws}/api-keys", "/v1/workspaces/{ws}/api-keys/{keyId}",
                     "/v1/workspaces/{ws}/departments", "/v1/workspaces/{ws}/departments/{departmentId}",
                     "/v1/workspaces/{ws}/operators", "/v1/workspaces/{ws}/operators/{operatorId}", "/v1/workspaces/{ws}/operators/{operatorId}/schedule",
                     "/v1/workspaces/{ws}/customers/{customerId}", "/v1/workspaces/{ws}/customers/{customerId}/personal-manager",
                     "/v1/workspaces/{ws}/customers/{customerId}/block", "/v1/workspaces/{ws}/identities/{channel}/{externalId}/block",
                     "/v1/workspaces/{ws}/identities/{channel}/{externalId}",
                     "/v1/workspaces/{ws}/entry-routing", "/v1/workspaces/{ws}/messages", "/v1/workspaces/{ws}/queues",
                     "/v1/workspaces/{ws}/queues/{departmentId}", "/v1/workspaces/{ws}/operator-states", "/v1/workspaces/{ws}/operator-states/{operatorId}",
                     "/v1/workspaces/{ws}/operators/{operatorId}/status", "/v1/workspaces/{ws}/conversations/{conversationId}",
                     "/v1/workspaces/{ws}/conversations/{conversationId}/timeline", "/v1/workspaces/{ws}/conversations/{conversationId}/assign",
                     "/v1/workspaces/{ws}/conversations/{conversationId}/transfer", "/v1/workspaces/{ws}/conversations/{conversationId}/close",
                     "/v1/workspaces/{ws}/conversations/{conversationId}/messages",
                     "/v1/workspaces/{ws}/conversations/{conversationId}/rating", "/v1/workspaces/{ws}/operators/{operatorId}/ratings", "/v1/workspaces/{ws}/templates", "/v1/workspaces/{ws}/templates/{templateId}",
                 })
            Assert.Contains(path, paths);
        Assert.All(paths, path => Assert.StartsWith("/v1/", path + "/"));
        Assert.True(json.GetProperty("components").GetProperty("schemas").TryGetProperty("IntakeRequest", out _));
        Assert.Equal("bearer", json.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.True(json.GetProperty("security")[0].TryGetProperty("bearer", out _));
    }
}
