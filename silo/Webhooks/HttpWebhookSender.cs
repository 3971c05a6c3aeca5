using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
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
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return new WebhookResponse((int)response.StatusCode, RetryAfter(response.Headers.RetryAfter));
        }
        catch (HttpRequestException e) when (e.InnerException is WebhookRefusedException refused)
        {
            throw refused;
        }
    }

    /// <summary>
    /// Connects only to public addresses unless <paramref name="allowPrivate"/>: checked on the addresses the name resolves
    /// to at connect time, so a name that later points inside (DNS rebinding) is refused too.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var reachable = allowPrivate ? addresses : addresses.Where(address => !PrivateNetworks.Contains(address)).ToArray();
        if (reachable.Length == 0)
            throw new WebhookRefusedException($"'{host}' is a private or local address; webhooks reach public addresses only (Webhooks:AllowPrivateNetworks)");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(reachable, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) =>
        header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
}
