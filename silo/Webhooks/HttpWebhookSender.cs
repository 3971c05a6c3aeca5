using System.Net.Http.Headers;
using Routing.Grains.Webhooks;

namespace Routing.Silo.Webhooks;

/// <summary>Sends channel webhooks with a pooled HttpClient (IHttpClientFactory); the outbox grain owns timeouts and retries.</summary>
internal sealed class HttpWebhookSender(IHttpClientFactory clients, TimeProvider time) : IWebhookSender
{
    public const string ClientName = "webhooks";

    public async Task<WebhookResponse> SendAsync(Uri url, IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return new WebhookResponse((int)response.StatusCode, RetryAfter(response.Headers.RetryAfter));
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) =>
        header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
}
