using System.Net;
using System.Text.Json;

namespace Routing.Silo.Tests;

/// <summary>GET /health as the tests read it: status code plus the JSON fields a load balancer or person would look at.</summary>
internal sealed record HealthBody(HttpStatusCode Code, string Status, string Provider, bool Reachable, int Activations)
{
    public static async Task<HealthBody> GetAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/health");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        var storage = root.GetProperty("storage");
        return new HealthBody(response.StatusCode, root.GetProperty("status").GetString()!,
            storage.GetProperty("provider").GetString()!, storage.GetProperty("reachable").GetBoolean(),
            root.GetProperty("activations").GetInt32());
    }
}
