using System.Text.Json;

namespace Routing.Silo.Tests.Api;

/// <summary>R3 over HTTP: what a channel delivered is stored and a supervisor reads it back, in pages, after a restart too.</summary>
public sealed class MessagesApiTests
{
    private const string W = "/v1/workspaces/acme";

    [Fact]
    public async Task Intake_text_and_attachments_are_read_back_in_order_in_pages_and_after_a_restart()
    {
        await using var world = await ApiWorld.StartAsync();
        var admin = await world.CreateWorkspaceAsync("acme");
        var channel = await world.CreateKeyAsync("acme", admin, "channel");
        var supervisor = await world.CreateKeyAsync("acme", admin, "supervisor");
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support" });
        var opened = await world.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new
        {
            channel = "email", externalCustomerId = "bob@example.com", text = "My bill is wrong",
            attachments = new[] { new { fileName = "bill.pdf", contentType = "application/pdf", sizeBytes = 52_000, url = "https://files.example.com/bill.pdf" } },
        });
        var conversation = opened.GetProperty("conversationId").GetString()!;
        await world.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "email", externalCustomerId = "bob@example.com", text = "Hello?" });
        await world.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "email", externalCustomerId = "bob@example.com", text = "Anyone?" });

        var all = await world.GetJsonAsync($"{W}/conversations/{conversation}/messages", supervisor);
        Assert.Equal([(1L, "My bill is wrong"), (2L, "Hello?"), (3L, "Anyone?")], Texts(all));
        var first = all[0];
        Assert.Equal("customer", first.GetProperty("author").GetString());
        Assert.Equal(conversation, first.GetProperty("conversationId").GetString());
        var attachment = Assert.Single(first.GetProperty("attachments").EnumerateArray());
        Assert.Equal(("bill.pdf", "application/pdf", 52_000L, "https://files.example.com/bill.pdf"),
            (attachment.GetProperty("fileName").GetString(), attachment.GetProperty("contentType").GetString(), attachment.GetProperty("sizeBytes").GetInt64(),
                attachment.GetProperty("url").GetString()));
        Assert.Empty(all[1].GetProperty("attachments").EnumerateArray());

        Assert.Equal([(2L, "Hello?")], Texts(await world.GetJsonAsync($"{W}/conversations/{conversation}/messages?from=2&limit=1", supervisor)));
        Assert.Empty(Texts(await world.GetJsonAsync($"{W}/conversations/{conversation}/messages?from=4", admin)));

        await world.RestartAsync();
        Assert.Equal(all.ToString(), (await world.GetJsonAsync($"{W}/conversations/{conversation}/messages", supervisor)).ToString());
    }

    private static List<(long, string)> Texts(JsonElement messages) =>
        messages.EnumerateArray().Select(m => (m.GetProperty("sequence").GetInt64(), m.GetProperty("text").GetString()!)).ToList();
}
