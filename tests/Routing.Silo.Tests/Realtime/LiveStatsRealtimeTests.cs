using System.Text.Json;

namespace Routing.Silo.Tests.Realtime;

/// <summary>
/// Issue 13: the supervisors' live statistics over the WebSocket (`live`): a snapshot on subscribe, then coalesced
/// `live` frames as dialogs arrive, are answered and abandoned; "today" in the workspace's time zone, read from the
/// statistics (so it holds what happened before anybody watched); replayed on resume; bad subscriptions refused.
/// </summary>
public sealed class LiveStatsRealtimeTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Arrivals_answers_and_abandons_move_the_live_figures_of_the_department_and_the_workspace()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support", firstResponseTarget = "01:00:00" });
        await world.DepartmentAsync("sales", new { name = "Sales" });
        await world.Api.OkAsync(HttpMethod.Put, $"/v1/workspaces/{RealtimeWorld.Ws}/entry-routing", world.Admin, new { defaultDepartmentId = "support" });
        await world.OperatorAsync("ann", 1, "support");
        await using var board = await world.SupervisorSocketAsync();
        var snapshot = await board.OkAsync("live");
        Assert.Equal(0, Today(snapshot.GetProperty("workspace")).GetProperty("arrivals").GetInt64());
        Assert.Equal(["sales", "support"], snapshot.GetProperty("departments").EnumerateArray().Select(d => d.GetProperty("departmentId").GetString()));
        Assert.Equal("01:00:00", Department(snapshot, "support").GetProperty("firstResponseTarget").GetString());

        // Nobody online: two dialogs wait.
        await using var first = await world.CustomerSocketAsync(await world.CustomerTokenAsync("live-1"));
        var answeredId = (await first.OkAsync("send", new { text = "Hello?" })).GetProperty("conversationId").GetString()!;
        await using var second = await world.CustomerSocketAsync(await world.CustomerTokenAsync("live-2"));
        await second.OkAsync("send", new { text = "Anyone?" });
        var waiting = await Live(world, board, f => Department(f, "support").GetProperty("queueDepth").GetInt32() == 2
            && Today(Department(f, "support")).GetProperty("arrivals").GetInt64() == 2);
        Assert.Equal(2, waiting.GetProperty("workspace").GetProperty("last15Minutes").GetProperty("arrivals").GetInt64());
        Assert.Equal(2, waiting.GetProperty("workspace").GetProperty("hour").GetProperty("arrivals").GetInt64());
        Assert.Equal(0, Today(Department(waiting, "sales")).GetProperty("arrivals").GetInt64());

        // Ann answers the first within its target; the second customer leaves unanswered.
        await using var ann = await world.OperatorSocketAsync("ann");
        await ann.OkAsync("status", new { status = "online" });
        await ann.DataAsync("dialog", d => d.GetProperty("conversation").GetProperty("conversationId").GetString() == answeredId);
        await ann.OkAsync("send", new { conversationId = answeredId, text = "Hi, how can I help?" });
        await second.OkAsync("close");
        var after = await Live(world, board, f => Today(f.GetProperty("workspace")).GetProperty("abandoned").GetInt64() == 1
            && Today(f.GetProperty("workspace")).GetProperty("answered").GetInt64() == 1);
        foreach (var span in new[] { "today", "hour", "last15Minutes" })
        {
            var figures = Department(after, "support").GetProperty(span);
            Assert.Equal(1, figures.GetProperty("answered").GetInt64());
            Assert.Equal(1, figures.GetProperty("abandoned").GetInt64());
            Assert.Equal(2, figures.GetProperty("slaMeasured").GetInt64()); // the answer within the target, the abandon a miss
            Assert.Equal(1, figures.GetProperty("slaMet").GetInt64());
            Assert.Equal(0.5, figures.GetProperty("slaShare").GetDouble());
        }
        Assert.Equal(0, Department(after, "support").GetProperty("queueDepth").GetInt32());
    }

    [Fact]
    public async Task Many_events_between_two_ticks_make_one_frame_and_nothing_changed_makes_none()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support" });
        await using var board = await world.SupervisorSocketAsync();
        await board.OkAsync("live");
        var customers = new List<WsClient>();
        for (var i = 0; i < 5; i++)
        {
            var customer = await world.CustomerSocketAsync(await world.CustomerTokenAsync($"burst-{i}"));
            customers.Add(customer);
            await customer.OkAsync("send", new { text = "Hi" });
        }
        var ticks = 0;
        await board.DataAsync("live", f => Today(f.GetProperty("workspace")).GetProperty("arrivals").GetInt64() == 5,
            () => { ticks++; world.Clock.Advance(Tick); });
        // Each tick sends at most one frame, whatever the events in between (here five arrivals).
        var pong = await board.CommandAsync("ping");
        var frames = (await board.FramesUnreadAsync()).Count(f => f.GetProperty("type").GetString() == "live") + 1;
        Assert.True(frames <= ticks, $"{frames} live frames for {ticks} ticks");
        Assert.True(pong.GetProperty("seq").GetInt64() > 0);

        // Nothing happened: the next ticks send nothing (the longest wait is counted by the client from oldestWaitingSince).
        for (var i = 0; i < 3; i++) world.Clock.Advance(Tick);
        var marker = (await board.CommandAsync("ping")).GetProperty("seq").GetInt64();
        var unread = await board.FramesUnreadAsync();
        Assert.DoesNotContain(unread, f => f.GetProperty("type").GetString() == "live" && f.GetProperty("seq").GetInt64() < marker
            && f.GetProperty("seq").GetInt64() > pong.GetProperty("seq").GetInt64());
        foreach (var customer in customers) await customer.DisposeAsync();
    }

    [Fact]
    public async Task Today_counts_in_the_workspaces_time_zone_and_holds_what_happened_before_anybody_watched()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support" });
        // Dialogs before any supervisor: the silo saw no live event of them, today reads them from the statistics.
        for (var i = 0; i < 2; i++)
        {
            await using var customer = await world.CustomerSocketAsync(await world.CustomerTokenAsync($"early-{i}"));
            await customer.OkAsync("send", new { text = "Early bird" });
        }
        var zone = "Pacific/Kiritimati"; // UTC+14: its date is tomorrow's for most of the UTC day
        await world.Api.OkAsync(HttpMethod.Put, $"/v1/workspaces/{RealtimeWorld.Ws}/time-zone", world.Admin, new { timeZoneId = zone });
        Assert.Equal(zone, (await world.Api.GetJsonAsync($"/v1/workspaces/{RealtimeWorld.Ws}/time-zone", world.Supervisor)).GetProperty("timeZoneId").GetString());

        await using var board = await world.SupervisorSocketAsync();
        var snapshot = await board.OkAsync("live");
        Assert.Equal(zone, snapshot.GetProperty("timeZoneId").GetString());
        var expectedDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(world.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime);
        Assert.Equal(expectedDay.ToString("yyyy-MM-dd"), snapshot.GetProperty("day").GetString());
        Assert.Equal(2, Today(snapshot.GetProperty("workspace")).GetProperty("arrivals").GetInt64());
        Assert.Equal(2, Last15(snapshot.GetProperty("workspace")).GetProperty("arrivals").GetInt64()); // the minute counts are durable too

        using var refused = await world.Api.SendAsync(HttpMethod.Put, $"/v1/workspaces/{RealtimeWorld.Ws}/time-zone", world.Admin, new { timeZoneId = "Mars/Olympus" });
        await Api.ApiWorld.AssertProblemAsync(refused, System.Net.HttpStatusCode.BadRequest, "invalid-request");
        using var bySupervisor = await world.Api.SendAsync(HttpMethod.Put, $"/v1/workspaces/{RealtimeWorld.Ws}/time-zone", world.Supervisor, new { timeZoneId = "UTC" });
        await Api.ApiWorld.AssertProblemAsync(bySupervisor, System.Net.HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(zone, (await world.Api.GetJsonAsync($"/v1/workspaces/{RealtimeWorld.Ws}/time-zone", world.Admin)).GetProperty("timeZoneId").GetString());
    }

    [Fact]
    public async Task The_last_15_minutes_survive_a_restart_of_the_silo_and_leave_the_window_as_the_minutes_pass()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support", firstResponseTarget = "01:00:00" });
        string before;
        await using (var board = await world.SupervisorSocketAsync())
        {
            await board.OkAsync("live");
            await using var staying = await world.CustomerSocketAsync(await world.CustomerTokenAsync("stays"));
            await staying.OkAsync("send", new { text = "Hello?" });
            await using var leaving = await world.CustomerSocketAsync(await world.CustomerTokenAsync("leaves"));
            await leaving.OkAsync("send", new { text = "Anyone?" });
            await leaving.OkAsync("close");
            var counted = await Live(world, board, f => Last15(Department(f, "support")).GetProperty("arrivals").GetInt64() == 2
                && Last15(Department(f, "support")).GetProperty("abandoned").GetInt64() == 1);
            before = Last15(Department(counted, "support")).GetRawText();
            Assert.Equal(before, Last15(counted.GetProperty("workspace")).GetRawText());
        }

        await world.Api.RestartAsync();

        await using var after = await world.SupervisorSocketAsync();
        var snapshot = await after.OkAsync("live");
        Assert.Equal(before, Last15(Department(snapshot, "support")).GetRawText()); // arrivals 2, abandoned 1, SLA 1 measured and missed
        Assert.Equal(before, Last15(snapshot.GetProperty("workspace")).GetRawText());
        AssertWindowStart(snapshot);

        // A quarter of an hour later the dialogs' minutes have left the window (the hour and today still hold them).
        world.Clock.Advance(TimeSpan.FromMinutes(15));
        var later = await Live(world, after, f => Last15(f.GetProperty("workspace")).GetProperty("arrivals").GetInt64() == 0);
        Assert.Equal(0, Last15(Department(later, "support")).GetProperty("abandoned").GetInt64());
        AssertWindowStart(later);
    }

    [Fact]
    public async Task A_resumed_wallboard_gets_the_live_frames_it_missed()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support" });
        var board = await world.SupervisorSocketAsync();
        await board.OkAsync("live");
        var (session, seen) = (board.SessionId, board.LastSeq);
        board.Abort();
        await board.DisposeAsync();

        await using var customer = await world.CustomerSocketAsync(await world.CustomerTokenAsync("while-away"));
        await customer.OkAsync("send", new { text = "Hi" });
        await using var back = await WsClient.ConnectAsync(world.Api.Silo.Http.BaseAddress!, RealtimeWorld.Ws, "supervisor", world.Supervisor, session, seen);
        Assert.True(back.Welcome.GetProperty("resumed").GetBoolean());
        var live = await Live(world, back, f => Today(f.GetProperty("workspace")).GetProperty("arrivals").GetInt64() == 1);
        Assert.Equal(1, live.GetProperty("workspace").GetProperty("queueDepth").GetInt32());
    }

    [Fact]
    public async Task A_subscription_narrowed_to_departments_gets_only_those_and_bad_ones_are_refused_with_an_error_frame()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support" });
        await world.DepartmentAsync("sales", new { name = "Sales" });
        await using var board = await world.SupervisorSocketAsync();

        await AssertError(board, new { departmentIds = new[] { "no such" } }, "invalid-request");
        await AssertError(board, new { departmentIds = new[] { "billing" } }, "unknown-department");
        await AssertError(board, new { departmentIds = "support" }, "malformed-frame");
        await AssertError(board, new { departmentIds = Enumerable.Range(0, 101).Select(i => $"d{i}").ToArray() }, "invalid-request");
        // Refused: no live frame follows an event.
        await using var customer = await world.CustomerSocketAsync(await world.CustomerTokenAsync("narrow"));
        await customer.OkAsync("send", new { text = "Hi" });
        for (var i = 0; i < 3; i++) world.Clock.Advance(Tick);
        var marker = (await board.CommandAsync("ping")).GetProperty("seq").GetInt64();
        Assert.DoesNotContain(await board.FramesUnreadAsync(), f => f.GetProperty("type").GetString() == "live" && f.GetProperty("seq").GetInt64() < marker);

        var narrowed = await board.OkAsync("live", new { departmentIds = new[] { "sales" } });
        Assert.Equal(["sales"], narrowed.GetProperty("departments").EnumerateArray().Select(d => d.GetProperty("departmentId").GetString()));
        Assert.Equal(1, Today(narrowed.GetProperty("workspace")).GetProperty("arrivals").GetInt64()); // the workspace is always whole
        await board.OkAsync("unlive");
    }

    private static async Task AssertError(WsClient board, object data, string code)
    {
        var answer = await board.CommandAsync("live", data);
        Assert.True(answer.GetProperty("type").GetString() == "error", answer.ToString());
        Assert.Equal(code, answer.GetProperty("code").GetString());
    }

    private static Task<JsonElement> Live(RealtimeWorld world, WsClient board, Func<JsonElement, bool> match) =>
        board.DataAsync("live", match, () => world.Clock.Advance(Tick));

    private static JsonElement Today(JsonElement scope) => scope.GetProperty("today");

    private static JsonElement Last15(JsonElement scope) => scope.GetProperty("last15Minutes");

    // The window is the frame's minute and the 14 before it.
    private static void AssertWindowStart(JsonElement frame)
    {
        var at = frame.GetProperty("at").GetDateTimeOffset().ToUniversalTime();
        var minute = new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero);
        Assert.Equal(minute.AddMinutes(-14), frame.GetProperty("last15MinutesSince").GetDateTimeOffset());
    }

    private static JsonElement Department(JsonElement frame, string id) =>
        frame.GetProperty("departments").EnumerateArray().Single(d => d.GetProperty("departmentId").GetString() == id);
}
