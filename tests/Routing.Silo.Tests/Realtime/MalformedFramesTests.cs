using System.Text.Json;

namespace Routing.Silo.Tests.Realtime;

/// <summary>
/// Every command of every role, with data of the wrong shape, gets an error frame (never a reply), echoes its ref and
/// changes nothing: the same state is read back after the sweep.
/// </summary>
public sealed class MalformedFramesTests
{
    // A value of the wrong JSON type for each field the commands read.
    private static readonly object Wrong = new { conversationId = 5, text = 7, status = 9, operatorId = true, departmentId = 1, note = 2,
        from = "x", limit = "y", score = "five", comment = 3, force = "yes", clientMessageId = 4, attachments = "none",
        channel = 11, externalCustomerId = 12 };

    public static TheoryData<string, string> Commands() => new()
    {
        { "customer", "send" }, { "customer", "history" }, { "customer", "rate" },
        { "operator", "status" }, { "operator", "accept" }, { "operator", "decline" }, { "operator", "send" }, { "operator", "typing" },
        { "operator", "transfer" }, { "operator", "close" }, { "operator", "history" }, { "operator", "move-channel" },
        { "supervisor", "status" }, { "supervisor", "assign" }, { "supervisor", "transfer" }, { "supervisor", "close" },
        { "supervisor", "monitor" }, { "supervisor", "unmonitor" }, { "supervisor", "join" }, { "supervisor", "leave" },
        { "supervisor", "send" }, { "supervisor", "typing" }, { "supervisor", "history" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_command_with_data_of_the_wrong_shape_gets_a_malformed_frame_error_and_changes_nothing(string role, string type)
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support" });
        await world.OperatorAsync("ann", 1, "support");
        await using var ann = await world.OperatorSocketAsync("ann");
        await ann.OkAsync("status", new { status = "online" });
        await using var customer = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-20"));
        var conversationId = (await customer.OkAsync("send", new { text = "hello" })).GetProperty("conversationId").GetString()!;
        await using var board = await world.SupervisorSocketAsync();
        var client = role switch { "customer" => customer, "operator" => ann, _ => board };
        var before = await State(world, conversationId);

        var answer = await client.CommandAsync(type, Wrong);
        Assert.Equal("error", answer.GetProperty("type").GetString());
        Assert.Equal("malformed-frame", answer.GetProperty("code").GetString());
        Assert.StartsWith("r", answer.GetProperty("ref").GetString());

        Assert.Equal(before, await State(world, conversationId));
        await client.OkAsync("ping");
    }

    [Fact]
    public async Task A_number_sent_as_a_string_gets_a_malformed_frame_error_naming_the_field_and_changes_nothing()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support", ratingScale = 5 });
        await world.OperatorAsync("ann", 1, "support");
        await using var ann = await world.OperatorSocketAsync("ann");
        await ann.OkAsync("status", new { status = "online" });
        await using var customer = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-21"));
        var conversationId = (await customer.OkAsync("send", new { text = "hello" })).GetProperty("conversationId").GetString()!;
        await ann.DataAsync("dialog", d => d.GetProperty("conversation").GetProperty("conversationId").GetString() == conversationId);
        await ann.OkAsync("send", new { conversationId, text = "hi" });
        await ann.OkAsync("close", new { conversationId });
        await customer.DataAsync("rating-requested");
        var before = await State(world, conversationId);

        foreach (var (client, type, data, field) in new (WsClient, string, object, string)[]
                 {
                     (customer, "rate", new { score = "5" }, "$.score"),
                     (customer, "history", new { limit = "1" }, "$.limit"),
                     (ann, "history", new { conversationId, from = "1" }, "$.from"),
                 })
        {
            var answer = await client.CommandAsync(type, data);
            Assert.Equal(("error", "malformed-frame"), (answer.GetProperty("type").GetString(), answer.GetProperty("code").GetString()));
            Assert.Contains(field, answer.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await State(world, conversationId));
        Assert.True((await customer.OkAsync("rate", new { score = 5 })).GetProperty("rated").GetBoolean()); // as a number it counts
    }

    /// <summary>What any of those commands would have changed: the conversation, its messages and ann's state.</summary>
    internal static async Task<string> State(RealtimeWorld world, string conversationId)
    {
        var ws = $"/v1/workspaces/{RealtimeWorld.Ws}";
        var conversation = await world.Api.GetJsonAsync($"{ws}/conversations/{conversationId}", world.Supervisor);
        var messages = await world.Api.GetJsonAsync($"{ws}/conversations/{conversationId}/messages", world.Supervisor);
        var ann = await world.Api.GetJsonAsync($"{ws}/operator-states/ann", world.Supervisor);
        var view = conversation.GetProperty("conversation");
        return JsonSerializer.Serialize(new
        {
            status = view.GetProperty("status").GetString(), operatorId = view.GetProperty("operatorId").GetString(),
            department = view.GetProperty("departmentId").GetString(), messages = messages.GetArrayLength(), ann = ann.ToString(),
        });
    }
}
