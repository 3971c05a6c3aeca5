using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Routing.LoadCommon.Realtime;

/// <summary>The few REST calls the set-up makes, as an admin tool and a site's backend would; a refusal throws with its body.</summary>
public sealed class RestCalls(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, string key, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, options: Json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> PostAsync(string path, string key, object body) => SendAsync(HttpMethod.Post, path, key, body);

    public Task<JsonElement> PutAsync(string path, string key, object body) => SendAsync(HttpMethod.Put, path, key, body);
}
