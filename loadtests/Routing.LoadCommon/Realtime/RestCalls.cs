using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Routing.LoadCommon.Realtime;

/// <summary>The REST calls a load makes, as an admin tool and a site's backend would; a refusal throws <see cref="ApiCallException"/>.</summary>
public sealed class RestCalls(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, string key, object? body, string? idempotencyKey = null,
        CancellationToken cancellation = default)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(request, cancellation);
        var text = await response.Content.ReadAsStringAsync(cancellation);
        if (!response.IsSuccessStatusCode)
            throw new ApiCallException($"{method} {path}: {(int)response.StatusCode} {text}", (int)response.StatusCode, ProblemCode(text));
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> GetAsync(string path, string key, CancellationToken cancellation = default) =>
        SendAsync(HttpMethod.Get, path, key, null, cancellation: cancellation);

    public Task<JsonElement> PostAsync(string path, string key, object body) => SendAsync(HttpMethod.Post, path, key, body);

    public Task<JsonElement> PutAsync(string path, string key, object body) => SendAsync(HttpMethod.Put, path, key, body);

    private static string? ProblemCode(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("code", out var code)
                ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null; // not problem details (Kestrel's bare 400, a proxy's page)
        }
    }
}
