using System.Text.Json;
using Routing.LoadCommon.Realtime;

namespace Routing.LoadTool.Engine;

/// <summary>
/// A visitor's chat widget on the customer WebSocket: operator messages it shows are deliveries in the ledger (a
/// reply stored before the widget followed its conversation arrives in the "messages" history, so both count); it
/// sends the customer's messages as commands, once per client message id. It can drop its network and resume.
/// </summary>
public sealed class CustomerWidget : IAsyncDisposable
{
    private readonly Workspace _workspace;
    private readonly DeliveryLedger _ledger;
    private readonly ErrorFrames _errors;
    private readonly string _token;
    private readonly Uri _address; // kept: a resume goes back to the silo that holds the session
    private RealtimeClient _client = null!;

    private CustomerWidget(Workspace workspace, DeliveryLedger ledger, ErrorFrames errors, string externalId, string token) =>
        (_workspace, _ledger, _errors, ExternalId, _token, _address) = (workspace, ledger, errors, externalId, token, workspace.Engine.NextSocketAddress());

    public string ExternalId { get; }
    public bool IsOpen => _client.IsOpen;
    public string SessionId => _client.SessionId;

    public static async Task<CustomerWidget> ConnectAsync(Workspace workspace, DeliveryLedger ledger, ErrorFrames errors, string externalId)
    {
        var widget = new CustomerWidget(workspace, ledger, errors, externalId, await workspace.CustomerTokenAsync(externalId));
        widget._client = await widget.OpenAsync(null, 0);
        return widget;
    }

    /// <summary>Sends a customer message; answers once the engine stored it (the command's reply).</summary>
    public Task<JsonElement> SendAsync(string key, string words) =>
        _client.CommandAsync("send", new { text = MessageKey.Text(key, words), clientMessageId = key });

    /// <summary>Loses the network without a close handshake, like a phone going into a tunnel.</summary>
    public void Drop() => _client.Abort();

    /// <summary>Reconnects with ?resume= and the last seq seen; answers whether the session was resumed (not restarted).</summary>
    public async Task<bool> ResumeAsync()
    {
        var (session, lastSeq) = (_client.SessionId, _client.LastSeq);
        await _client.DisposeAsync();
        _client = await OpenAsync(session, lastSeq);
        return _client.Resumed;
    }

    private Task<RealtimeClient> OpenAsync(string? resume, long lastSeq) =>
        RealtimeClient.ConnectAsync(_address, _workspace.Id, "customer", ExternalId, _token, OnFrame, _errors, resume, lastSeq);

    private void OnFrame(RealtimeClient client, string type, JsonElement frame, long arrivedAt)
    {
        if (type == "message") Seen(frame.GetProperty("data"), delivery: true);
        else if (type == "messages")
            foreach (var message in frame.GetProperty("data").GetProperty("messages").EnumerateArray()) Seen(message, delivery: false);

        void Seen(JsonElement message, bool delivery)
        {
            if (message.GetProperty("author").GetString() == "operator" && MessageKey.Of(message.GetProperty("text").GetString()) is { } key)
                _ledger.Seen(key, ExternalId, arrivedAt, delivery);
        }
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
