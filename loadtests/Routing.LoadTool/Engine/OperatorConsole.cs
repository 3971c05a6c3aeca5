using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Routing.LoadCommon.Realtime;
using Routing.LoadTool.Measures;
using Routing.LoadTool.Scenarios;

namespace Routing.LoadTool.Engine;

/// <summary>
/// A scripted operator's console on the operator WebSocket: goes online, sees dialogs arrive (each customer message it
/// shows is a delivery in the ledger), answers and closes them as its <see cref="OperatorBehaviour"/> says, and
/// watches its own load against its capacity.
/// </summary>
public sealed class OperatorConsole : IAsyncDisposable
{
    public const string ReplyStep = "operator-reply";
    public const string CloseStep = "operator-close";
    public const string FirstReplyAtWidget = "first-reply-at-widget";
    public const string OperatorToCustomer = "operator-to-customer";

    private readonly OperatorTeam _team;
    private readonly OperatorBehaviour _behaviour;
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _closing = new(StringComparer.Ordinal);
    private RealtimeClient? _client;
    private int _overCapacity;
    private int _maxLoad;

    private OperatorConsole(OperatorTeam team, string id, int capacity, OperatorBehaviour behaviour) =>
        (_team, Id, Capacity, _behaviour) = (team, id, capacity, behaviour);

    public string Id { get; }
    public int Capacity { get; }
    public int Held => _held.Count;
    public int OverCapacity => Volatile.Read(ref _overCapacity);
    public int MaxLoad => Volatile.Read(ref _maxLoad);
    public bool IsOpen => _client?.IsOpen == true;

    public static async Task<OperatorConsole> ConnectAsync(OperatorTeam team, int index, int capacity, OperatorBehaviour behaviour)
    {
        var console = new OperatorConsole(team, team.Workspace.OperatorIds[index], capacity, behaviour) { _token = team.Workspace.OperatorTokens[index] };
        await console.ConnectToAsync(team.Workspace.Engine.NextConsoleAddress());
        return console;
    }

    /// <summary>
    /// Closes the console's session and opens a new one on <paramref name="address"/> (another silo): the dialogs it
    /// holds come again as snapshots. Only while nothing is on its way to it.
    /// </summary>
    public async Task MoveToAsync(Uri address)
    {
        await _client!.DisposeAsync();
        await ConnectToAsync(address);
    }

    private async Task ConnectToAsync(Uri address)
    {
        _client = await RealtimeClient.ConnectAsync(address, _team.Workspace.Id, "operator", Id, _token, OnFrame, _team.ErrorFrames);
        await _client.CommandAsync("status", new { status = "online" });
    }

    private string _token = "";

    private void OnFrame(RealtimeClient client, string type, JsonElement frame, long arrivedAt)
    {
        switch (type)
        {
            case "dialog":
                OnDialog(frame.GetProperty("data"), arrivedAt);
                break;
            case "dialog-removed":
                var removed = frame.GetProperty("data").GetProperty("conversationId").GetString()!;
                if (_held.TryRemove(removed, out _)) _team.Stats.AddToGauge(OperatorTeam.HeldGauge, -1);
                if (!_closing.TryRemove(removed, out _)) _team.Board.Rescued(removed, Id, arrivedAt);
                break;
            case "message":
                OnMessage(frame.GetProperty("data"), arrivedAt);
                break;
            case "operator":
                var load = frame.GetProperty("data").GetProperty("load").GetInt32();
                NoteLoad(load);
                break;
        }
    }

    private void OnDialog(JsonElement data, long arrivedAt)
    {
        var conversation = data.GetProperty("conversation");
        var conversationId = conversation.GetProperty("conversationId").GetString()!;
        if (data.TryGetProperty("offered", out var offered) && offered.ValueKind == JsonValueKind.True) return; // this tool's departments assign
        var isNew = _held.TryAdd(conversationId, 0); // one held already comes again after a move: its history is no delivery
        if (isNew)
        {
            _team.Stats.AddToGauge(OperatorTeam.HeldGauge, 1);
            NoteLoad(_held.Count);
            _team.Board.Shown(conversationId, Id, arrivedAt);
        }
        string? lastCustomerKey = null;
        foreach (var message in data.GetProperty("messages").EnumerateArray())
            if (CustomerKey(message) is { } key)
            {
                _team.Ledger.Seen(key, Id, arrivedAt, delivery: isNew);
                lastCustomerKey = key;
            }
        if (isNew && !_behaviour.Silent && lastCustomerKey is not null) _ = AnswerAsync(conversationId, lastCustomerKey);
    }

    private void OnMessage(JsonElement data, long arrivedAt)
    {
        if (CustomerKey(data) is not { } key) return;
        _team.Ledger.Seen(key, Id, arrivedAt);
        var conversationId = data.GetProperty("conversationId").GetString()!;
        if (_behaviour.AnswerEveryMessage && !_behaviour.Silent && _held.ContainsKey(conversationId)) _ = ReplyLaterAsync(conversationId, key);
    }

    private static string? CustomerKey(JsonElement message) =>
        message.GetProperty("author").GetString() == "customer" ? MessageKey.Of(message.GetProperty("text").GetString()) : null;

    private void NoteLoad(int load)
    {
        if (load > Capacity) Interlocked.Increment(ref _overCapacity);
        int seen;
        while (load > (seen = Volatile.Read(ref _maxLoad)) && Interlocked.CompareExchange(ref _maxLoad, load, seen) != seen) { }
    }

    /// <summary>A new dialog: reply after the sampled delay, keep it for the handle time, close it.</summary>
    private async Task AnswerAsync(string conversationId, string customerKey)
    {
        try
        {
            await ReplyLaterAsync(conversationId, customerKey);
            if (_behaviour.HandleTime is not { } handle) return;
            await Task.Delay(handle.Next(), _team.Stopping);
            _closing[conversationId] = 0;
            await Step.Run(CloseStep, _team.Stats, () => _client!.CommandAsync("close", new { conversationId }));
        }
        catch (Exception error) when (error is StepFailedException or OperationCanceledException)
        {
            // counted by its step, or the run is over
        }
    }

    private async Task ReplyLaterAsync(string conversationId, string customerKey)
    {
        _team.ReplyStarted();
        try
        {
            await Task.Delay(_behaviour.ReplyDelay.Next(), _team.Stopping);
            var replyKey = MessageKey.ReplyTo(customerKey);
            if (MessageKey.IsWatched(customerKey))
            {
                // The first reply is timed from the customer's first message (what the customer waits), later ones from their send.
                var first = customerKey.EndsWith(".0", StringComparison.Ordinal);
                _team.Ledger.Sending(replyKey, first ? _team.Ledger.SentAt(customerKey) : Stopwatch.GetTimestamp(),
                    first ? FirstReplyAtWidget : OperatorToCustomer);
            }
            await SendReplyAsync(conversationId, replyKey);
            _team.Answered[customerKey] = 0;
        }
        catch (Exception error) when (error is StepFailedException or OperationCanceledException)
        {
        }
        finally
        {
            _team.ReplyEnded();
        }
    }

    /// <summary>Sends a reply with this key now (timed step), acknowledged in the ledger once stored.</summary>
    public async Task SendReplyAsync(string conversationId, string replyKey)
    {
        await Step.Run(ReplyStep, _team.Stats, () => _client!.CommandAsync("send",
            new { conversationId, text = MessageKey.Text(replyKey, "thanks, looking into it"), clientMessageId = replyKey }));
        _team.Ledger.Acknowledged(replyKey);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null) await _client.DisposeAsync();
    }
}
