using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Routing.ClientApi.Errors;
using Routing.ClientApi.Realtime.Protocol;
using Routing.Silo.Tests.Contracts;
using Routing.Silo.Tests.Deployment;

namespace Routing.Silo.Tests.Realtime;

/// <summary>
/// Every command of every role, sent without each field its data requires (at every depth), gets a malformed-frame error
/// naming the field, never a default, and changes nothing. The required fields are read from the JSON schema of the
/// command's data under the engine's own JSON options: what its binder enforces.
/// </summary>
public sealed partial class MissingFieldsTests
{
    /// <summary>The data each role's command binds, by type (null: none). A test below keeps it in step with the handlers.</summary>
    private static readonly Dictionary<string, Dictionary<string, Type?>> Commands = new()
    {
        ["customer"] = new()
        {
            ["send"] = typeof(CustomerSendCommand), ["typing"] = null, ["history"] = typeof(HistoryCommand), ["rate"] = typeof(RateCommand), ["close"] = null,
            ["draft"] = typeof(DraftCommand),
            ["callback"] = typeof(CustomerCallbackCommand), ["callback-status"] = typeof(CallbackStatusCommand),
        },
        ["operator"] = new()
        {
            ["status"] = typeof(StatusCommand), ["accept"] = typeof(DialogCommand), ["decline"] = typeof(DialogCommand), ["send"] = typeof(ReplyCommand),
            ["typing"] = typeof(DialogCommand), ["transfer"] = typeof(TransferCommand), ["close"] = typeof(DialogCommand),
            ["history"] = typeof(DialogHistoryCommand), ["templates"] = null,
            ["navigate"] = typeof(NavigateCommand),
            ["incoming"] = null, ["take"] = typeof(DialogCommand),
            ["move-channel"] = typeof(MoveChannelCommand),
            ["callback"] = typeof(OperatorCallbackCommand), ["callback-outcome"] = typeof(CallbackOutcomeCommand),
        },
        ["supervisor"] = new()
        {
            ["queues"] = null, ["operators"] = null, ["status"] = typeof(OperatorStatusCommand), ["assign"] = typeof(AssignCommand),
            ["transfer"] = typeof(TransferCommand), ["close"] = typeof(DialogCommand), ["monitor"] = typeof(DialogCommand), ["unmonitor"] = typeof(DialogCommand),
            ["join"] = typeof(DialogCommand), ["leave"] = typeof(DialogCommand), ["send"] = typeof(ReplyCommand), ["typing"] = typeof(DialogCommand),
            ["history"] = typeof(DialogHistoryCommand),
            ["navigate"] = typeof(NavigateCommand),
            ["live"] = typeof(LiveCommand), ["unlive"] = null,
        },
    };

    [Theory]
    [InlineData("customer")]
    [InlineData("operator")]
    [InlineData("supervisor")]
    public void The_list_of_commands_is_every_command_the_roles_handler_takes(string role)
    {
        var handler = File.ReadAllText(Repository.PathOf($"client-api/Realtime/Roles/{char.ToUpperInvariant(role[0])}{role[1..]}Handler.cs"));
        var handled = CommandCases().Matches(handler).Select(m => m.Groups["type"].Value).Order().ToList();
        Assert.Equal(handled, Commands[role].Keys.Order().ToList());
    }

    [Fact]
    public async Task Every_command_without_a_required_field_gets_a_malformed_frame_naming_it_and_changes_nothing()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support" });
        await world.OperatorAsync("ann", 1, "support");
        await using var ann = await world.OperatorSocketAsync("ann");
        await ann.OkAsync("status", new { status = "online" });
        await using var customer = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-30"));
        var conversationId = (await customer.OkAsync("send", new { text = "hello" })).GetProperty("conversationId").GetString()!;
        await using var board = await world.SupervisorSocketAsync();
        var sockets = new Dictionary<string, WsClient> { ["customer"] = customer, ["operator"] = ann, ["supervisor"] = board };
        var json = world.Api.Silo.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var examples = new SchemaExample();
        var before = await MalformedFramesTests.State(world, conversationId);

        var failures = new List<string>();
        var sent = 0;
        foreach (var (role, commands) in Commands)
        foreach (var (type, data) in commands.Where(c => c.Value is not null))
        {
            var schema = json.GetJsonSchemaAsNode(data!);
            var body = examples.For(schema)!;
            foreach (var (path, field) in examples.RequiredFields(schema))
            {
                sent++;
                var answer = await sockets[role].CommandAsync(type, SchemaExample.Without(body, path, field));
                if (answer.GetProperty("type").GetString() != "error" || answer.GetProperty("code").GetString() != ErrorCodes.MalformedFrame
                    || answer.GetProperty("detail").GetString()?.Contains($"'{field}'", StringComparison.Ordinal) != true)
                    failures.Add($"{role} {type} without {string.Join(".", [.. path, field])}: {answer}");
            }
        }

        Assert.True(sent >= 25, $"only {sent} commands: the walk found too few required fields");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(before, await MalformedFramesTests.State(world, conversationId));
        foreach (var socket in sockets.Values) await socket.OkAsync("ping");
    }

    // case "send": in a handler's HandleAsync
    [GeneratedRegex("""case "(?<type>[a-z-]+)":""")]
    private static partial Regex CommandCases();
}
