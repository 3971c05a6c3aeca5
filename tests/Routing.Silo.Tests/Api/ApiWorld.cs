using Microsoft.AspNetCore.Builder;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Routing.Silo.Tests.Api;

/// <summary>
/// The real silo (Kestrel on loopback, SQLite in a temporary directory) with a bootstrap key, and an HttpClient speaking
/// its REST API the way a channel connector, an admin tool or a supervisor console would.
/// </summary>
internal sealed class ApiWorld : IAsyncDisposable
{
    public const string BootstrapKey = "test-bootstrap-key-0123456789abcdef0123456789";

    private readonly TempDirectory _directory = new();
    private readonly string[] _args;
    private readonly Action<WebApplicationBuilder>? _customize;

    private ApiWorld(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        _args = [$"--Storage:Sqlite:DatabasePath={_directory.File("routing.db")}", $"--Auth:BootstrapKey={BootstrapKey}", .. args];
        _customize = customize;
    }

    public RunningSilo Silo { get; private set; } = null!;

    public static async Task<ApiWorld> StartAsync(params string[] args)
    {
        var world = new ApiWorld(args);
        world.Silo = await RunningSilo.StartAsync(world._args);
        return world;
    }

    /// <summary>A silo whose services a test changes first (e.g. a fake clock for time-driven behaviour).</summary>
    public static async Task<ApiWorld> StartAsync(Action<WebApplicationBuilder> customize, params string[] args)
    {
        var world = new ApiWorld(args, customize);
        world.Silo = await RunningSilo.StartAsync(world._args, customize);
        return world;
    }

    /// <summary>Stops the silo (every grain written) and starts a new one on the same database.</summary>
    public async Task RestartAsync()
    {
        await Silo.DisposeAsync();
        Silo = await RunningSilo.StartAsync(_args, _customize);
    }

    /// <summary>Creates a workspace with the bootstrap key; answers its admin key.</summary>
    public async Task<string> CreateWorkspaceAsync(string ws)
    {
        using var response = await SendAsync(HttpMethod.Post, "/v1/workspaces", BootstrapKey, new { workspaceId = ws });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("apiKey").GetString()!;
    }

    public async Task<string> CreateKeyAsync(string ws, string adminKey, string scope)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/v1/workspaces/{ws}/api-keys", adminKey, new { scope, name = scope + " key" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("apiKey").GetString()!;
    }

    /// <summary>Sends <paramref name="body"/> as JSON (a string is sent as is, raw).</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, object? body = null, string? idempotencyKey = null) =>
        Silo.Http.SendAsync(Request(method, path, key, body, idempotencyKey));

    public static HttpRequestMessage Request(HttpMethod method, string path, string? key, object? body = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        request.Content = body switch
        {
            null => null,
            string raw => new StringContent(raw, Encoding.UTF8, "application/json"),
            _ => JsonContent.Create(body, options: JsonOptions),
        };
        return request;
    }

    public async Task<JsonElement> GetJsonAsync(string path, string key)
    {
        using var response = await SendAsync(HttpMethod.Get, path, key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonAsync(response);
    }

    public Task<JsonElement> OkAsync(HttpMethod method, string path, string key, object? body = null, string? idempotencyKey = null) =>
        OkAsync(Silo.Http, method, path, key, body, idempotencyKey);

    /// <summary>Sends a request to any silo (e.g. one running as a process) and answers its body; a failure status fails the test.</summary>
    public static async Task<JsonElement> OkAsync(HttpClient http, HttpMethod method, string path, string key, object? body = null, string? idempotencyKey = null)
    {
        using var response = await http.SendAsync(Request(method, path, key, body, idempotencyKey));
        var json = await JsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {json}");
        return json;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts a problem-details answer with this status and stable code; answers its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await JsonAsync(response);
        Assert.True(status == response.StatusCode, $"expected {(int)status} {code}, got {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.Equal(code, body.GetProperty("code").GetString());
        return body;
    }

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public async ValueTask DisposeAsync()
    {
        await Silo.DisposeAsync();
        _directory.Dispose();
    }
}
