using System.Text.Json;
using Routing.Grains.Webhooks;

namespace Routing.Grains.Tests.Grains.Webhooks;

/// <summary>A webhook receiver the test scripts: it records every request and answers what the script says (200 by default).</summary>
internal sealed class ScriptedWebhookSender(TimeProvider time) : IWebhookSender
{
    private readonly object _gate = new();
    private readonly List<SentWebhook> _sent = [];
    private readonly Queue<WebhookResponse> _next = new();

    /// <summary>The answer once the scripted ones (<see cref="AnswerNext(int[])"/>) ran out.</summary>
    public Func<SentWebhook, WebhookResponse> Answer { get; set; } = _ => new WebhookResponse(200);

    public IReadOnlyList<SentWebhook> Sent
    {
        get { lock (_gate) return _sent.ToList(); }
    }

    public int Count
    {
        get { lock (_gate) return _sent.Count; }
    }

    /// <summary>The next requests get these status codes, in order.</summary>
    public void AnswerNext(params int[] statuses)
    {
        lock (_gate) foreach (var status in statuses) _next.Enqueue(new WebhookResponse(status));
    }

    public void AnswerNext(WebhookResponse response)
    {
        lock (_gate) _next.Enqueue(response);
    }

    public Task<WebhookResponse> SendAsync(Uri url, IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var sent = new SentWebhook(url, new Dictionary<string, string>(headers), body.ToArray(), time.GetUtcNow());
        lock (_gate)
        {
            _sent.Add(sent);
            if (_next.TryDequeue(out var scripted)) return Task.FromResult(scripted);
        }
        return Task.FromResult(Answer(sent));
    }
}

/// <summary>One recorded request.</summary>
internal sealed record SentWebhook(Uri Url, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset At)
{
    public string DeliveryId => Headers[WebhookSignature.DeliveryHeader];
    public string Type => Headers[WebhookSignature.EventHeader];
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
