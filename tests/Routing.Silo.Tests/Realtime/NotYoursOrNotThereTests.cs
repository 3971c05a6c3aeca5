using System.Net;
using Routing.ClientApi.Errors;
using Routing.Silo.Tests.Api;

namespace Routing.Silo.Tests.Realtime;

/// <summary>
/// An operator naming a conversation that is not theirs, or that does not exist, gets one answer (409 not-assigned,
/// REST and WebSocket alike): nothing tells them whether another customer's conversation exists.
/// </summary>
public sealed class NotYoursOrNotThereTests
{
    private const string W = $"/v1/workspaces/{RealtimeWorld.Ws}";

    [Fact]
    public async Task Another_operators_conversation_and_one_that_does_not_exist_get_the_same_answer()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support" });
        await world.OperatorAsync("ann", 1, "support");
        await world.OperatorAsync("bob", 1, "support");
        await using var bob = await world.OperatorSocketAsync("bob");
        await bob.OkAsync("status", new { status = "online" });
        var bobs = (await world.Api.OkAsync(HttpMethod.Post, $"{W}/messages", world.Channel, new { channel = "chat", externalCustomerId = "v1", text = "hi" }))
            .GetProperty("conversationId").GetString()!;
        const string none = "c-Chat-nobody-1";
        var annToken = await Tokens.OperatorAsync(world.Api, RealtimeWorld.Ws, world.Admin, "ann");
        await using var ann = await world.OperatorSocketAsync("ann");

        var failures = new List<string>();
        foreach (var (method, action, body) in new (HttpMethod, string, object?)[]
                 {
                     (HttpMethod.Post, "messages", new { text = "hello" }), (HttpMethod.Get, "messages", null), (HttpMethod.Post, "accept", null),
                     (HttpMethod.Post, "decline", null), (HttpMethod.Post, "transfer", new { departmentId = "support" }), (HttpMethod.Post, "close", null),
                     (HttpMethod.Post, "move-to-channel", new { channel = "email", externalCustomerId = "v1@example.com" }),
                 })
        foreach (var conversationId in new[] { bobs, none })
        {
            using var response = await world.Api.SendAsync(method, $"{W}/operator/conversations/{conversationId}/{action}", annToken, body);
            var problem = await ApiWorld.JsonAsync(response);
            if (response.StatusCode != HttpStatusCode.Conflict || problem.GetProperty("code").GetString() != ErrorCodes.NotAssigned)
                failures.Add($"REST {method} {action} on {conversationId}: {(int)response.StatusCode} {problem}");
        }
        foreach (var (type, data) in new (string, Func<string, object>)[]
                 {
                     ("send", id => new { conversationId = id, text = "hello" }), ("history", id => new { conversationId = id }),
                     ("accept", id => new { conversationId = id }), ("decline", id => new { conversationId = id }), ("typing", id => new { conversationId = id }),
                     ("transfer", id => new { conversationId = id, departmentId = "support" }), ("close", id => new { conversationId = id }),
                     ("move-channel", id => new { conversationId = id, channel = "email", externalCustomerId = "v1@example.com" }),
                 })
        foreach (var conversationId in new[] { bobs, none })
        {
            var answer = await ann.CommandAsync(type, data(conversationId));
            if (answer.GetProperty("type").GetString() != "error" || answer.GetProperty("code").GetString() != ErrorCodes.NotAssigned)
                failures.Add($"WebSocket {type} on {conversationId}: {answer}");
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        var view = (await world.Api.GetJsonAsync($"{W}/conversations/{bobs}", world.Supervisor)).GetProperty("conversation");
        Assert.Equal(("assigned", "bob", 1), (view.GetProperty("status").GetString(), view.GetProperty("operatorId").GetString(),
            view.GetProperty("messagesLength").GetInt32()));
        using var missing = await world.Api.SendAsync(HttpMethod.Get, $"{W}/conversations/{none}", world.Supervisor);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
