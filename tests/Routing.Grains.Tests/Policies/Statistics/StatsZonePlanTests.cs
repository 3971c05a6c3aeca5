using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Grains.Policies;
using Routing.Grains.Policies.Statistics;
using Routing.Storage.Statistics;

namespace Routing.Grains.Tests.Policies.Statistics;

public sealed class StatsZonePlanTests
{
    private static readonly TimeZoneInfo Kiritimati = TimeZones.Find("Pacific/Kiritimati"); // UTC+14
    private static readonly TimeZoneInfo LosAngeles = TimeZones.Find("America/Los_Angeles");
    private static readonly TimeZoneInfo Kolkata = TimeZones.Find("Asia/Kolkata"); // UTC+5:30

    private static BucketZones Zones(params (string Department, string Zone)[] departments) => new(
        departments.ToDictionary(d => d.Department, d => new DepartmentConfig { TimeZoneId = d.Zone }),
        new Dictionary<string, OperatorProfile>
        {
            ["ann"] = new() { Departments = [new DepartmentMembership("sales")] },
            ["bob"] = new() { Departments = [new DepartmentMembership("support")] },
            ["cy"] = new(), // no department: status time in UTC
        });

    [Fact]
    public void Each_zone_reads_its_own_buckets_and_the_rest_is_read_in_utc()
    {
        var parts = StatsZonePlan.Of(Kiritimati, Zones(("sales", "Pacific/Kiritimati"), ("support", "UTC"), ("desk", "Europe/Berlin")),
            new DateTime(2026, 3, 2, 0, 0, 0), new DateTime(2026, 3, 3, 0, 0, 0));

        var byZone = parts.ToDictionary(p => p.Zone.Id);
        Assert.Equal(["Europe/Berlin", "Pacific/Kiritimati", "UTC"], byZone.Keys.Order(StringComparer.Ordinal));
        // The workspace's own zone reads its hours as asked (rollups too); the others read the hours starting in that day.
        Assert.Equal((false, "2026-03-02T00", "2026-03-03T00"), (byZone["Pacific/Kiritimati"].Remap, byZone["Pacific/Kiritimati"].FromHour, byZone["Pacific/Kiritimati"].ToHour));
        Assert.Equal((true, "2026-03-01T11", "2026-03-02T11"), (byZone["Europe/Berlin"].Remap, byZone["Europe/Berlin"].FromHour, byZone["Europe/Berlin"].ToHour));
        Assert.Equal((true, "2026-03-01T10", "2026-03-02T10"), (byZone["UTC"].Remap, byZone["UTC"].FromHour, byZone["UTC"].ToHour));
        Assert.Equal("sales | ann", Text(byZone["Pacific/Kiritimati"].Scope));
        Assert.Equal("desk | ", Text(byZone["Europe/Berlin"].Scope));
        // Support, bob (support's), cy (no department) and any department no longer configured: all but the zones above.
        Assert.Equal("all but desk,sales | ann", Text(byZone["UTC"].Scope));
    }

    [Fact]
    public void A_workspace_whose_buckets_are_all_in_its_zone_reads_as_one_query()
    {
        var part = Assert.Single(StatsZonePlan.Of(TimeZoneInfo.Utc, Zones(("sales", "UTC"), ("support", "UTC")),
            new DateTime(2026, 3, 2, 0, 0, 0), new DateTime(2026, 4, 1, 0, 0, 0)));

        Assert.Equal((false, null, "2026-03-02T00", "2026-04-01T00"), (part.Remap, part.Scope, part.FromHour, part.ToHour));
    }

    [Fact]
    public void A_day_across_the_spring_change_is_23_utc_hours()
    {
        var utc = StatsZonePlan.Of(LosAngeles, Zones(("support", "UTC")), new DateTime(2026, 3, 8, 0, 0, 0), new DateTime(2026, 3, 9, 0, 0, 0))
            .Single(p => p.Zone == TimeZoneInfo.Utc);

        Assert.Equal(("2026-03-08T08", "2026-03-09T07"), (utc.FromHour, utc.ToHour)); // PST midnight to PDT midnight
        Assert.Equal("2026-03-08T01", StatsZonePlan.WorkspaceHour("2026-03-08T09", TimeZoneInfo.Utc, LosAngeles));
        Assert.Equal("2026-03-08T03", StatsZonePlan.WorkspaceHour("2026-03-08T10", TimeZoneInfo.Utc, LosAngeles)); // 02:00 never shows
        Assert.Equal("2026-03-08T23", StatsZonePlan.WorkspaceHour("2026-03-09T06", TimeZoneInfo.Utc, LosAngeles));
    }

    [Fact]
    public void A_zone_off_by_half_an_hour_counts_an_hour_in_the_workspace_hour_it_starts_in()
    {
        var utc = StatsZonePlan.Of(Kolkata, Zones(("support", "UTC")), new DateTime(2026, 3, 2, 0, 0, 0), new DateTime(2026, 3, 3, 0, 0, 0))
            .Single(p => p.Zone == TimeZoneInfo.Utc);

        // Kolkata's day starts at 18:30 UTC: the UTC hour from 18:00 started on the day before (23:30), the one from 19:00 on this day.
        Assert.Equal(("2026-03-01T19", "2026-03-02T19"), (utc.FromHour, utc.ToHour));
        Assert.Equal("2026-03-01T23", StatsZonePlan.WorkspaceHour("2026-03-01T18", TimeZoneInfo.Utc, Kolkata));
        Assert.Equal("2026-03-02T00", StatsZonePlan.WorkspaceHour("2026-03-01T19", TimeZoneInfo.Utc, Kolkata));
    }

    [Fact]
    public void The_repeated_hour_of_a_fall_back_night_counts_at_its_first_showing()
    {
        // Los Angeles 2026-11-01 01:00 shows twice (PDT, then PST): its one bucket is the first, 08:00 UTC.
        Assert.Equal("2026-11-01T08", StatsZonePlan.WorkspaceHour("2026-11-01T01", LosAngeles, TimeZoneInfo.Utc));
    }

    private static string? Text(StatsScope? scope) =>
        scope is null ? null : $"{(scope.Except ? "all but " : "")}{string.Join(',', scope.Departments)} | {string.Join(',', scope.StatusOperators)}";
}
