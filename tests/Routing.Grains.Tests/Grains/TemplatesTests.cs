using Microsoft.Extensions.Time.Testing;
using Routing.GrainInterfaces;
using Routing.Testing;

namespace Routing.Grains.Tests.Grains;

/// <summary>R18, R20: a workspace's quick-reply templates, one journal row per change, surviving a restart.</summary>
public sealed class TemplatesTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static ITemplatesGrain Templates(IGrainFactory factory, string ws = "ws1") => factory.GetGrain<ITemplatesGrain>(RoutingKeys.Templates(ws));

    [Fact]
    public async Task Templates_are_put_listed_per_department_replaced_deleted_and_restored_after_a_restart()
    {
        var time = new FakeTimeProvider(TestClock.MondayMorning);
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        var templates = Templates(silo.Factory);
        await templates.Put("greeting", new QuickReplyTemplate("Greeting", "Hello, how can I help?"));
        await templates.Put("refund", new QuickReplyTemplate("Refund", "Your refund is on its way.") { DepartmentId = "billing" });
        await templates.Put("shipping", new QuickReplyTemplate("Shipping", "It ships tomorrow.") { DepartmentId = "sales" });
        // Enough changes to pass the snapshot floor: a restart then reads a snapshot and the journal after it.
        for (var i = 0; i < 100; i++) await templates.Put("churn", new QuickReplyTemplate("Churn", $"version {i}"));
        Assert.True(await templates.Delete("shipping"));
        Assert.False(await templates.Delete("shipping"));
        Assert.False(await templates.Delete("never"));

        Assert.Equal(["churn", "greeting", "refund"], (await templates.List(null)).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["churn", "greeting", "refund"], (await templates.List("billing")).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["churn", "greeting"], (await templates.List("sales")).Keys.Order(StringComparer.Ordinal));
        Assert.Equal("version 99", (await templates.Find("churn"))!.Text);
        Assert.Null(await templates.Find("shipping"));
        Assert.Empty(await Templates(silo.Factory, "ws2").List(null)); // per workspace
        var before = await templates.List(null);
        await silo.StopAsync();

        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        var after = await Templates(restarted.Factory).List(null);
        Assert.Equal(before.OrderBy(t => t.Key, StringComparer.Ordinal), after.OrderBy(t => t.Key, StringComparer.Ordinal));
        Assert.Equal("billing", after["refund"].DepartmentId);
    }

    [Fact]
    public async Task Invalid_templates_are_refused_and_change_nothing()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var templates = Templates(silo.Factory);
        await templates.Put("greeting", new QuickReplyTemplate("Greeting", "Hello"));

        await Assert.ThrowsAsync<ArgumentException>(() => templates.Put("greeting", new QuickReplyTemplate("", "Hello")));
        await Assert.ThrowsAsync<ArgumentException>(() => templates.Put("greeting", new QuickReplyTemplate(new string('t', QuickReplyTemplate.MaxTitleLength + 1), "Hello")));
        await Assert.ThrowsAsync<ArgumentException>(() => templates.Put("greeting", new QuickReplyTemplate("Greeting", " ")));
        await Assert.ThrowsAsync<ArgumentException>(() => templates.Put("greeting", new QuickReplyTemplate("Greeting", new string('x', ConversationMessage.MaxTextLength + 1))));
        await Assert.ThrowsAsync<ArgumentException>(() => templates.Put("greeting", new QuickReplyTemplate("Greeting", "Hi") { DepartmentId = "a/b" }));
        await Assert.ThrowsAsync<ArgumentException>(() => templates.Put("a/b", new QuickReplyTemplate("Greeting", "Hi")));
        Assert.Equal(new QuickReplyTemplate("Greeting", "Hello"), Assert.Single(await templates.List(null)).Value);
    }

    [Fact]
    public async Task A_workspace_keeps_at_most_its_limit_of_templates_but_may_still_replace_one()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var templates = Templates(silo.Factory);
        await Task.WhenAll(Enumerable.Range(0, QuickReplyTemplate.MaxPerWorkspace).Select(i => templates.Put($"t{i}", new QuickReplyTemplate("T", "x"))));
        await Assert.ThrowsAsync<ArgumentException>(() => templates.Put("one-more", new QuickReplyTemplate("T", "x")));
        await templates.Put("t0", new QuickReplyTemplate("T", "replaced"));
        Assert.Equal(QuickReplyTemplate.MaxPerWorkspace, (await templates.List(null)).Count);
        Assert.Equal("replaced", (await templates.Find("t0"))!.Text);
    }
}
