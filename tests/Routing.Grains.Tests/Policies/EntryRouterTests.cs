namespace Routing.Grains.Tests.Policies;

public class EntryRouterTests
{
    private static TimeZoneInfo Zone(string departmentId) => TimeZones.Find(departmentId == "berlin" ? "Europe/Berlin" : "UTC");

    private static EntryDecision Choose(EntryRouting routing, EntryFacts facts, DateTimeOffset? now = null) =>
        EntryRouter.Choose(routing, facts, now ?? Given.T0, Zone);

    [Fact]
    public void The_first_matching_rule_wins()
    {
        var routing = new EntryRouting("general")
        {
            Rules = [new EntryRule("voice") { Channels = [Channel.Voice] }, new EntryRule("billing") { Topics = ["billing"] }, new EntryRule("late") { Topics = ["billing"] }],
        };
        Assert.Equal(new EntryDecision("billing", 1), Choose(routing, new EntryFacts(Channel.Chat) { Topic = "Billing" }));
        Assert.Equal(new EntryDecision("voice", 0), Choose(routing, new EntryFacts(Channel.Voice) { Topic = "billing" }));
    }

    [Fact]
    public void No_matching_rule_goes_to_the_default_department()
    {
        var routing = new EntryRouting("general") { Rules = [new EntryRule("billing") { Topics = ["billing"] }] };
        Assert.Equal(new EntryDecision("general", null), Choose(routing, new EntryFacts(Channel.Chat)));
    }

    [Fact]
    public void Every_condition_of_a_rule_must_match()
    {
        var rule = new EntryRule("vip-de")
        {
            Channels = [Channel.Chat, Channel.Messenger],
            Languages = ["de"],
            Attributes = new Dictionary<string, string> { ["tier"] = "vip", ["region"] = "eu" },
        };
        var routing = new EntryRouting("general") { Rules = [rule] };
        var facts = new EntryFacts(Channel.Messenger) { Language = "de-AT", Attributes = new Dictionary<string, string> { ["tier"] = "vip", ["region"] = "eu", ["x"] = "y" } };
        Assert.Equal("vip-de", Choose(routing, facts).DepartmentId);
        Assert.Equal("general", Choose(routing, facts with { Language = "en" }).DepartmentId);
        Assert.Equal("general", Choose(routing, facts with { Channel = Channel.Email }).DepartmentId);
        Assert.Equal("general", Choose(routing, facts with { Attributes = new Dictionary<string, string> { ["tier"] = "vip" } }).DepartmentId);
        Assert.Equal("general", Choose(routing, facts with { Attributes = new Dictionary<string, string> { ["tier"] = "VIP", ["region"] = "eu" } }).DepartmentId);
    }

    [Theory]
    [InlineData("en", "en", true)]
    [InlineData("en", "EN-gb", true)]
    [InlineData("en", "eng", false)]
    [InlineData("en-GB", "en", false)]
    [InlineData("pt-BR", "pt-br", true)]
    public void A_language_matches_itself_and_its_regional_variants(string rule, string language, bool matches) =>
        Assert.Equal(matches, EntryRouter.LanguageMatches(rule, language));

    [Fact]
    public void Rule_hours_are_read_on_the_department_wall_clock_across_DST()
    {
        var weekdays = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };
        var routing = new EntryRouting("night")
        {
            Rules = [new EntryRule("berlin") { Hours = [.. weekdays.Select(day => new WeeklyInterval(day, new TimeOnly(9, 0), new TimeOnly(18, 0)))] }],
        };
        var facts = new EntryFacts(Channel.Chat);
        Assert.Equal("berlin", Choose(routing, facts, new DateTimeOffset(2025, 7, 7, 7, 30, 0, TimeSpan.Zero)).DepartmentId);  // 09:30 CEST
        Assert.Equal("night", Choose(routing, facts, new DateTimeOffset(2025, 1, 6, 7, 30, 0, TimeSpan.Zero)).DepartmentId);   // 08:30 CET
        Assert.Equal("berlin", Choose(routing, facts, new DateTimeOffset(2025, 1, 6, 8, 0, 0, TimeSpan.Zero)).DepartmentId);   // 09:00 CET
        Assert.Equal("night", Choose(routing, facts, new DateTimeOffset(2025, 7, 5, 10, 0, 0, TimeSpan.Zero)).DepartmentId);   // Saturday
    }

    [Fact]
    public void Stored_customer_attributes_are_overlaid_by_the_messages_own()
    {
        var stored = new Dictionary<string, string> { ["plan"] = "gold", ["region"] = "eu" };
        var message = new Dictionary<string, string> { ["plan"] = "basic", ["page"] = "/pricing" };
        Assert.Equal(new Dictionary<string, string> { ["plan"] = "basic", ["region"] = "eu", ["page"] = "/pricing" }, EntryFacts.Overlay(stored, message));
        Assert.Same(stored, EntryFacts.Overlay(stored, new Dictionary<string, string>()));
        Assert.Same(message, EntryFacts.Overlay(new Dictionary<string, string>(), message));
    }
}
