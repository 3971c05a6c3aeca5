using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

public sealed class SkillsAndVoiceTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_dialog_that_needs_a_skill_goes_to_the_operator_who_has_it()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.Workspace.ConfigureOperator("generalist", new OperatorProfile { Capacity = 5, Departments = [new DepartmentMembership("support")] });
        await world.Workspace.ConfigureOperator("lawyer", new OperatorProfile
        {
            Capacity = 5, Skills = new Dictionary<string, int> { ["legal"] = 4 }, Departments = [new DepartmentMembership("support")],
        });
        world.Operators.AddRange(["generalist", "lawyer"]);
        await world.Online("generalist");
        await world.Online("lawyer");
        await world.Intake("warm-up"); // least loaded alone would now prefer whoever did not take this one

        var legal = await world.Factory.GetGrain<IIntakeGrain>(RoutingKeys.Intake(world.WorkspaceId))
            .Receive(new IntakeMessage(Channel.Chat, "client", "contract question") { RequiredSkills = [new SkillRequirement("legal", 3)] });
        Assert.Equal("lawyer", legal.OperatorId);
    }

    [Fact]
    public async Task A_voice_call_takes_the_whole_operator_and_waits_for_a_fully_idle_one()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddOperator("ann", 3, "support");
        await world.Online("ann");

        var chat = await world.Intake("chatter");
        var call = await world.Intake("caller", channel: Channel.Voice);
        Assert.Null(call.OperatorId); // ann has room for chats, not for a call

        await world.Close(chat.ConversationId, "operator");
        await world.Settle();
        Assert.Equal("ann", (await world.Conversation(call.ConversationId).Get()).OperatorId);
        var ann = await world.Operator("ann").GetSnapshot();
        Assert.True(ann.ActiveVoice);
        Assert.Equal(3, ann.Load);
        Assert.Null((await world.Intake("another-chat")).OperatorId); // nothing else during a call
    }
}
