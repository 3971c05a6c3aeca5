using System.Text.Json;

namespace Routing.LoadTests.Realtime;

/// <summary>
/// The WebSocket side, set up over the real API: a workspace, one department (assigning, not offering), operators
/// with tokens and consoles set online through their socket, and one widget socket per customer. The frame handlers
/// feed the dialogs' round trips; <see cref="Ends"/> sends messages the way a widget and a console do.
/// </summary>
public sealed class WsWorkspace : IAsyncDisposable, IDialogEnds
{
    public const string Ws = "realtime";
    private const string Department = "support";
    private const int Concurrency = 32;

    private readonly RealtimeSilo _silo;
    private readonly RealtimeSizes _sizes;
    private readonly string[] _operatorTokens;
    private readonly string[] _customerTokens;
    private readonly List<RealtimeClient> _operators = [];

    private WsWorkspace(RealtimeSilo silo, RealtimeSizes sizes, string[] operatorTokens, string[] customerTokens)
    {
        _silo = silo;
        _sizes = sizes;
        _operatorTokens = operatorTokens;
        _customerTokens = customerTokens;
        Dialogs = [.. Enumerable.Range(0, sizes.Customers).Select(i => new Dialog(i))];
    }

    public IReadOnlyList<Dialog> Dialogs { get; }
    public ErrorFrames Errors { get; } = new();

    /// <summary>
    /// "dialog" frames whose conversation did not say assigned yet (this department assigns, it never offers): the
    /// console shows a dialog the operator cannot answer until the conversation grain catches up.
    /// </summary>
    public int UnassignedDialogFrames => Volatile.Read(ref _unassignedDialogFrames);

    private int _unassignedDialogFrames;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Dialog> _byConversation = new(StringComparer.Ordinal);

    /// <summary>Sockets open now (operators' and customers').</summary>
    public int OpenSockets => _operators.Count(o => o.IsOpen) + Dialogs.Count(d => d.CustomerSocket?.IsOpen == true);

    /// <summary>Everything over REST, up to the tokens; no socket yet.</summary>
    public static async Task<WsWorkspace> CreateAsync(RealtimeSilo silo, RealtimeSizes sizes)
    {
        var rest = new RestCalls(silo.Http);
        var admin = (await rest.PostAsync("/v1/workspaces", RealtimeSilo.BootstrapKey, new { workspaceId = Ws })).GetProperty("apiKey").GetString()!;
        var channel = (await rest.PostAsync($"/v1/workspaces/{Ws}/api-keys", admin, new { scope = "channel", name = "widget" })).GetProperty("apiKey").GetString()!;
        await rest.PutAsync($"/v1/workspaces/{Ws}/departments/{Department}", admin, new { name = "Support" });
        var operatorTokens = new string[sizes.Operators];
        await ForEachAsync(sizes.Operators, async i =>
        {
            await rest.PutAsync($"/v1/workspaces/{Ws}/operators/{OperatorId(i)}", admin,
                new { capacity = sizes.Capacity, departments = new[] { new { departmentId = Department, tier = 1 } } });
            operatorTokens[i] = (await rest.PostAsync($"/v1/workspaces/{Ws}/operators/{OperatorId(i)}/tokens", admin, new { })).GetProperty("token").GetString()!;
        });
        var customerTokens = new string[sizes.Customers];
        await ForEachAsync(sizes.Customers, async i =>
            customerTokens[i] = (await rest.PostAsync($"/v1/workspaces/{Ws}/customer-tokens", channel, new { externalCustomerId = $"visitor-{i}" }))
                .GetProperty("token").GetString()!);
        return new WsWorkspace(silo, sizes, operatorTokens, customerTokens);
    }

    public static string OperatorId(int index) => $"op{index}";

    /// <summary>Every console connected and online (the status command's reply means the operator grain took it).</summary>
    public async Task ConnectOperatorsAsync()
    {
        var sockets = new RealtimeClient[_sizes.Operators];
        await ForEachAsync(_sizes.Operators, async i =>
        {
            sockets[i] = await RealtimeClient.ConnectAsync(_silo.Address, Ws, "operator", OperatorId(i), _operatorTokens[i], OnOperatorFrame, Errors);
            await sockets[i].CommandAsync("status", new { status = "online" });
        });
        _operators.AddRange(sockets);
    }

    public Task ConnectCustomersAsync() =>
        ForEachAsync(_sizes.Customers, async i => Dialogs[i].CustomerSocket = await ConnectCustomerAsync(i));

    /// <summary>A customer's widget socket, fresh or resuming <paramref name="resume"/> after <paramref name="lastSeq"/>.</summary>
    public Task<RealtimeClient> ConnectCustomerAsync(int index, string? resume = null, long lastSeq = 0) =>
        RealtimeClient.ConnectAsync(_silo.Address, Ws, "customer", $"visitor-{index}", _customerTokens[index], OnCustomerFrame, Errors, resume, lastSeq);

    public Task CustomerSendsAsync(Dialog dialog, string text) => dialog.CustomerSocket!.SendAsync("send", new { text });

    public Task OperatorSendsAsync(Dialog dialog, string text) =>
        dialog.OperatorSocket!.SendAsync("send", new { conversationId = dialog.ConversationId, text });

    /// <summary>A new dialog arrives with its first message; later customer messages arrive one by one.</summary>
    private void OnOperatorFrame(RealtimeClient socket, string type, JsonElement frame, long arrivedAt)
    {
        if (type == "dialog")
        {
            var data = frame.GetProperty("data");
            var status = data.GetProperty("conversation").GetProperty("status").GetString();
            var unassigned = status != "assigned";
            if (unassigned) Interlocked.Increment(ref _unassignedDialogFrames);
            foreach (var message in data.GetProperty("messages").EnumerateArray())
            {
                var text = message.GetProperty("text").GetString();
                if (Find(text) is not { } dialog) continue;
                dialog.ConversationId = data.GetProperty("conversation").GetProperty("conversationId").GetString()!;
                _byConversation[dialog.ConversationId] = dialog;
                dialog.OperatorSocket = socket;
                dialog.Trace.Enqueue($"dialog → {socket.Name} (seq {socket.LastSeq}, {status})");
                dialog.AwaitsAssigned = unassigned;
                dialog.SeenAtOperator(text!, arrivedAt);
            }
        }
        else if (type == "dialog-removed" && Followed(frame) is { } gone)
            gone.Trace.Enqueue($"dialog-removed ← {socket.Name} (seq {socket.LastSeq})");
        else if (type == "dialog-changed" && Followed(frame) is { AwaitsAssigned: true } changed)
        {
            // Only after a dialog arrived unassigned: does the console learn when it becomes answerable?
            var status = frame.GetProperty("data").GetProperty("status").GetString();
            changed.Trace.Enqueue($"dialog-changed {status} → {socket.Name} (seq {socket.LastSeq})");
            changed.AwaitsAssigned = status != "assigned";
        }
        else if (type == "message" && IsFrom(frame.GetProperty("data"), "customer", out var text) && Find(text) is { } dialog)
            dialog.SeenAtOperator(text, arrivedAt);
    }

    /// <summary>
    /// Replies arrive one by one, except one stored before the widget followed its new conversation: that one comes in
    /// the "messages" history the widget gets when it starts following.
    /// </summary>
    private void OnCustomerFrame(RealtimeClient socket, string type, JsonElement frame, long arrivedAt)
    {
        if (type == "message") Seen(frame.GetProperty("data"));
        else if (type == "messages")
            foreach (var message in frame.GetProperty("data").GetProperty("messages").EnumerateArray()) Seen(message);

        void Seen(JsonElement message)
        {
            if (IsFrom(message, "operator", out var text) && Find(text) is { } dialog) dialog.SeenAtCustomer(text, arrivedAt);
        }
    }

    private static bool IsFrom(JsonElement data, string author, out string text)
    {
        text = data.GetProperty("text").GetString() ?? "";
        return data.GetProperty("author").GetString() == author;
    }

    private Dialog? Followed(JsonElement frame) =>
        _byConversation.GetValueOrDefault(frame.GetProperty("data").GetProperty("conversationId").GetString() ?? "");

    private Dialog? Find(string? text) => Dialog.IndexOf(text) is var i && i >= 0 && i < Dialogs.Count ? Dialogs[i] : null;

    private static Task ForEachAsync(int count, Func<int, Task> body) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, _) => await body(i));

    public async ValueTask DisposeAsync()
    {
        foreach (var dialog in Dialogs)
            if (dialog.CustomerSocket is { } socket) await socket.DisposeAsync();
        foreach (var socket in _operators) await socket.DisposeAsync();
    }
}
