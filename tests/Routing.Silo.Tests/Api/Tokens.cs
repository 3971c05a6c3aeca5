using System.Net;

namespace Routing.Silo.Tests.Api;

/// <summary>Issues signed operator and customer tokens through the REST API, as an admin tool and a site's backend do.</summary>
internal static class Tokens
{
    public static async Task<string> OperatorAsync(ApiWorld world, string ws, string adminKey, string operatorId)
    {
        using var response = await world.SendAsync(HttpMethod.Post, $"/v1/workspaces/{ws}/operators/{operatorId}/tokens", adminKey, new { });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ApiWorld.JsonAsync(response)).GetProperty("token").GetString()!;
    }

    public static async Task<string> CustomerAsync(ApiWorld world, string ws, string channelKey, string externalCustomerId)
    {
        using var response = await world.SendAsync(HttpMethod.Post, $"/v1/workspaces/{ws}/customer-tokens", channelKey, new { externalCustomerId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ApiWorld.JsonAsync(response)).GetProperty("token").GetString()!;
    }
}
