using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Routing.Testing;

namespace Routing.Silo.Tests.Api;

/// <summary>
/// GET staffing/gap: needed from the dialogs driven through the API this week (the past week of the coming one),
/// scheduled from the members' work schedules (one in New York, whose clocks change three weeks before Berlin's),
/// what-if inputs, bad input refused. The fake clock only moves minutes: advancing it by days would fire every periodic
/// timer once per period.
/// </summary>
public sealed class StaffingGapApiTests
{
    private const string W = "/v1/workspaces/acme";
    private const string Gap = W + "/staffing/gap?departmentId=support";
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero); // 10:00 in Berlin; the coming week starts 9 March

    private static async Task<(ApiWorld World, string Admin, string Supervisor)> SupportDeskAsync()
    {
        var clock = new FakeTimeProvider(Monday);
        var world = await ApiWorld.StartAsync(builder => builder.Services.UseFakeClockForGrains(clock));
        var admin = await world.CreateWorkspaceAsync("acme");
        var channel = await world.CreateKeyAsync("acme", admin, "channel");
        var supervisor = await world.CreateKeyAsync("acme", admin, "supervisor");
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin,
            new { name = "Support", timeZoneId = "Europe/Berlin", firstResponseTarget = "00:01:00", averageHandleTime = "00:04:00" });
        foreach (var (id, capacity) in new[] { ("ann", 2), ("bob", 1), ("cem", 1) })
            await world.OkAsync(HttpMethod.Put, $"{W}/operators/{id}", admin, new { capacity, departments = new[] { new { departmentId = "support" } } });
        // Monday 2 March, 10:00-11:00 in Berlin: three dialogs arrive (nobody is online; they wait and are closed).
        foreach (var visitor in new[] { "v1", "v2", "v3" })
        {
            var conversation = (await world.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = visitor, text = "hello" }))
                .GetProperty("conversationId").GetString();
            clock.Advance(TimeSpan.FromMinutes(5));
            await world.OkAsync(HttpMethod.Post, $"{W}/conversations/{conversation}/close", supervisor);
        }
        // Ann works Mondays 04:00-12:00 in New York: 10:00-18:00 in Berlin, but 09:00-17:00 from 8 March (New York's summer time).
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann/schedule", admin, new
        {
            timeZoneId = "America/New_York", shifts = new[] { new { day = "monday", start = "04:00:00", duration = "08:00:00" } },
        });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/bob/schedule", admin, new
        {
            timeZoneId = "Europe/Berlin", shifts = new[] { new { day = "monday", start = "09:00:00", duration = "08:00:00" } },
        });
        return (world, admin, supervisor);
    }

    private static JsonElement Hour(JsonElement gap, string start) =>
        gap.GetProperty("hours").EnumerateArray().Single(h => h.GetProperty("start").GetString() == start);

    [Fact]
    public async Task The_coming_week_shows_needed_against_scheduled_per_hour_in_the_department_time_zone()
    {
        var (world, _, supervisor) = await SupportDeskAsync();
        await using var _ = world;

        var gap = await world.GetJsonAsync(Gap + "&weeks=1", supervisor);

        Assert.Equal(("2026-03-09", "Europe/Berlin", 60.0, 1), (gap.GetProperty("weekStart").GetString(), gap.GetProperty("timeZoneId").GetString(),
            gap.GetProperty("targetSeconds").GetDouble(), gap.GetProperty("capacity").GetInt32()));
        Assert.Equal(["cem"], gap.GetProperty("unscheduledMembers").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(168, gap.GetProperty("hours").GetArrayLength());
        // Three dialogs in the one past week: 3 an hour, 4 minutes each (the department's average), need one operator.
        var ten = Hour(gap, "2026-03-09T10:00:00+01:00");
        Assert.Equal((3.0, 240.0, 1, 1), (ten.GetProperty("arrivalsPerHour").GetDouble(), ten.GetProperty("handleSeconds").GetDouble(),
            ten.GetProperty("neededOperators").GetInt32(), ten.GetProperty("neededSlots").GetInt32()));
        Assert.Equal((2.0, 3.0, 1.0, 2.0), (ten.GetProperty("scheduledOperators").GetDouble(), ten.GetProperty("scheduledSlots").GetDouble(),
            ten.GetProperty("gap").GetDouble(), ten.GetProperty("slotGap").GetDouble()));
        Assert.Equal(2.0, Hour(gap, "2026-03-09T09:00:00+01:00").GetProperty("scheduledOperators").GetDouble()); // ann from 09:00 this week

        var winterWeek = await world.GetJsonAsync(Gap + "&weekStart=2026-03-02", supervisor);
        Assert.Equal(1.0, Hour(winterWeek, "2026-03-02T09:00:00+01:00").GetProperty("scheduledOperators").GetDouble()); // ann from 10:00
    }

    [Fact]
    public async Task What_if_more_arrivals_another_capacity_or_target()
    {
        var (world, _, supervisor) = await SupportDeskAsync();
        await using var _ = world;

        var gap = await world.GetJsonAsync(Gap + "&weeks=1&weekStart=2026-03-09&arrivalsFactor=1.3&capacity=3&serviceLevelTarget=0.95&targetSeconds=20", supervisor);

        var ten = Hour(gap, "2026-03-09T10:00:00+01:00");
        Assert.Equal((3.9, 6.0), (ten.GetProperty("arrivalsPerHour").GetDouble(), ten.GetProperty("scheduledSlots").GetDouble()));
        Assert.Equal((1.3, 0.95, 20.0, 3), (gap.GetProperty("arrivalsFactor").GetDouble(), gap.GetProperty("serviceLevelTarget").GetDouble(),
            gap.GetProperty("targetSeconds").GetDouble(), gap.GetProperty("capacity").GetInt32()));
        Assert.True(ten.GetProperty("neededSlots").GetInt32() >= 1);
    }

    [Fact]
    public async Task Bad_input_an_unknown_department_and_other_scopes_or_workspaces_are_refused()
    {
        var (world, admin, _) = await SupportDeskAsync();
        await using var _ = world;
        var otherAdmin = await world.CreateWorkspaceAsync("other");
        var otherSupervisor = await world.CreateKeyAsync("other", otherAdmin, "supervisor");
        var channel = await world.CreateKeyAsync("acme", admin, "channel");

        foreach (var (query, field) in new[]
        {
            ("&weeks=0", "weeks"), ("&weekStart=09.03.2026", "weekStart"), ("&arrivalsFactor=-1", "arrivalsFactor"),
            ("&serviceLevelTarget=1.5", "serviceLevelTarget"), ("&capacity=0", "capacity"), ("&targetSeconds=-5", "targetSeconds"),
        })
        {
            using var response = await world.SendAsync(HttpMethod.Get, Gap + query, admin);
            var problem = await ApiWorld.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
            Assert.Contains(field, problem.GetProperty("detail").GetString());
        }
        using (var noDepartment = await world.SendAsync(HttpMethod.Get, $"{W}/staffing/gap", admin))
            await ApiWorld.AssertProblemAsync(noDepartment, HttpStatusCode.BadRequest, "invalid-request");
        using (var unknown = await world.SendAsync(HttpMethod.Get, $"{W}/staffing/gap?departmentId=sales", admin))
            await ApiWorld.AssertProblemAsync(unknown, HttpStatusCode.NotFound, "not-found");
        using (var otherWorkspace = await world.SendAsync(HttpMethod.Get, Gap, otherSupervisor))
            await ApiWorld.AssertProblemAsync(otherWorkspace, HttpStatusCode.Forbidden, "forbidden");
        using (var channelKey = await world.SendAsync(HttpMethod.Get, Gap, channel))
            await ApiWorld.AssertProblemAsync(channelKey, HttpStatusCode.Forbidden, "forbidden");
    }
}
