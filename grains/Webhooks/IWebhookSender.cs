namespace Routing.Grains.Webhooks;

/// <summary>
/// Sends one webhook request (POST, JSON body). The silo's implementation uses HttpClient; tests script answers.
/// A connection error or timeout throws (the outbox retries it like a 5xx).
/// </summary>
public interface IWebhookSender
{
    Task<WebhookResponse> SendAsync(Uri url, IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> body, CancellationToken cancellationToken);
}

/// <summary>The receiver's answer: its status code, and its Retry-After (as a delay) when it sent one.</summary>
public sealed record WebhookResponse(int StatusCode, TimeSpan? RetryAfter = null);
