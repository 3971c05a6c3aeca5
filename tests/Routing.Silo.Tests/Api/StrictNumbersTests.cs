using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Routing.GrainInterfaces;
using Orleans;

namespace Routing.Silo.Tests.Api;

/// <summary>
/// JSON numbers are numbers: a number sent as a string ("2") is a malformed request that names the field and changes
/// nothing, and the OpenAPI document types integers as integer only. Query strings are text and parse as before.
/// </summary>
public sealed class StrictNumbersTests
{
    private const string W = "/v1/workspaces/acme";

    [Fact]
    public async Task A_number_sent_as_a_string_is_refused_naming_the_field_and_changes_nothing()
    {
        await using var world = await ApiWorld.StartAsync();
        var admin = await world.CreateWorkspaceAsync("acme");
        var channel = await world.CreateKeyAsync("acme", admin, "channel");
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support", ratingScale = 5 });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann", admin, new { capacity = 1, departments = new[] { new { departmentId = "support" } } });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann/status", admin, new { status = "online" });
        var conversation = await ClosedDialogAskingForARating(world, channel, admin);
        var before = await Snapshot(world, admin, conversation);

        var cases = new (HttpMethod Method, string Path, string Body, string Field, string Key)[]
        {
            (HttpMethod.Put, $"{W}/operators/ann", """{"capacity":"2","departments":[{"departmentId":"support"}]}""", "$.capacity", admin),
            (HttpMethod.Put, $"{W}/operators/ann", """{"capacity":2,"skills":{"billing":"3"}}""", "$.skills.billing", admin),
            (HttpMethod.Put, $"{W}/operators/ann", """{"capacity":2,"departments":[{"departmentId":"support","tier":"2"}]}""", "$.departments[0].tier", admin),
            (HttpMethod.Put, $"{W}/departments/support", """{"name":"Support","ratingScale":"3"}""", "$.ratingScale", admin),
            (HttpMethod.Put, $"{W}/departments/support", """{"name":"Support","rescue":{"after":"00:01:00","retryLimit":"1"}}""", "$.rescue.retryLimit", admin),
            (HttpMethod.Post, $"{W}/conversations/{conversation}/rating", """{"score":"4"}""", "$.score", channel),
        };

        foreach (var (method, path, body, field, key) in cases)
        {
            using var response = await world.SendAsync(method, path, key, body);
            var problem = await ApiWorld.AssertProblemAsync(response, HttpStatusCode.BadRequest, "malformed-request");
            Assert.Contains(field, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(before, await Snapshot(world, admin, conversation));

        // The same values as numbers are taken: the refusals were about the strings alone.
        var rated = await world.OkAsync(HttpMethod.Post, $"{W}/conversations/{conversation}/rating", channel, """{"score":4}""");
        Assert.Equal(4, rated.GetProperty("conversation").GetProperty("rating").GetProperty("score").GetInt32());
        var ann = await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann", admin, new { capacity = 2, departments = new[] { new { departmentId = "support" } } });
        Assert.Equal(2, ann.GetProperty("profile").GetProperty("capacity").GetInt32());
    }

    [Fact]
    public async Task A_query_string_number_is_still_read_from_its_text()
    {
        await using var world = await ApiWorld.StartAsync();
        var admin = await world.CreateWorkspaceAsync("acme");
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support" });

        var queue = await world.GetJsonAsync($"{W}/queues/support?limit=5", admin);

        Assert.Equal(0, queue.GetProperty("waiting").GetArrayLength());
    }

    [Fact]
    public async Task The_openapi_document_types_integers_as_integer_only()
    {
        await using var world = await ApiWorld.StartAsync();

        using var response = await world.Silo.Http.GetAsync("/openapi/v1.json");
        var document = await ApiWorld.JsonAsync(response);

        var capacity = document.GetProperty("components").GetProperty("schemas").GetProperty("OperatorProfile").GetProperty("properties").GetProperty("capacity");
        Assert.Equal(JsonValueKind.String, capacity.GetProperty("type").ValueKind);
        Assert.Equal("integer", capacity.GetProperty("type").GetString());
        Assert.False(capacity.TryGetProperty("pattern", out _));
        var mixed = new List<string>();
        FindNumbersAlsoTypedAsStrings(document, "$", mixed);
        Assert.True(mixed.Count == 0, "numbers typed as strings too: " + string.Join(", ", mixed));
    }

    /// <summary>Every schema whose type is a list naming a number type and "string" (the integer-or-string of lenient JSON).</summary>
    private static void FindNumbersAlsoTypedAsStrings(JsonElement element, string path, List<string> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array)
                {
                    var types = type.EnumerateArray().Select(t => t.GetString()).ToList();
                    if (types.Contains("string") && (types.Contains("integer") || types.Contains("number"))) found.Add(path);
                }
                foreach (var property in element.EnumerateObject()) FindNumbersAlsoTypedAsStrings(property.Value, $"{path}.{property.Name}", found);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray()) FindNumbersAlsoTypedAsStrings(item, $"{path}[{index++}]", found);
                break;
        }
    }

    /// <summary>A dialog ann answered and a supervisor closed: it asks the customer for a rating.</summary>
    private static async Task<string> ClosedDialogAskingForARating(ApiWorld world, string channel, string admin)
    {
        var opened = await world.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = "v1", text = "hello" });
        var conversation = opened.GetProperty("conversationId").GetString()!;
        var grains = world.Silo.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IConversationGrain>(RoutingKeys.Conversation("acme", conversation)).AddOperatorMessage("ann", "hi, how can I help?");
        await world.OkAsync(HttpMethod.Post, $"{W}/conversations/{conversation}/close", admin);
        return conversation;
    }

    /// <summary>What the refused requests could have changed: departments, operators and the rated conversation.</summary>
    private static async Task<string> Snapshot(ApiWorld world, string admin, string conversation) => string.Join(Environment.NewLine,
        (await world.GetJsonAsync($"{W}/departments", admin)).ToString(),
        (await world.GetJsonAsync($"{W}/operators", admin)).ToString(),
        (await world.GetJsonAsync($"{W}/conversations/{conversation}", admin)).ToString(),
        (await world.GetJsonAsync($"{W}/conversations/{conversation}/timeline", admin)).ToString());
}
