using System.Net;

namespace Routing.Silo.Tests.Api;

/// <summary>Staffing what-if over REST: the same question with changed inputs, and impossible inputs refused.</summary>
public sealed class StaffingApiTests
{
    private const string WhatIf = "/v1/workspaces/acme/staffing/what-if";

    [Fact]
    public async Task A_supervisor_asks_what_if_arrivals_capacity_or_the_target_change()
    {
        await using var world = await ApiWorld.StartAsync();
        var admin = await world.CreateWorkspaceAsync("acme");
        var supervisor = await world.CreateKeyAsync("acme", admin, "supervisor");

        // The Erlang C textbook case (StaffingTests): 720 calls an hour, 4 minutes, 80 % within 15 s.
        var voice = await world.OkAsync(HttpMethod.Post, WhatIf, supervisor, new { arrivalsPerHour = 720, averageHandleSeconds = 240, serviceLevelTarget = 0.8, targetSeconds = 15 });
        var busier = await world.OkAsync(HttpMethod.Post, WhatIf, supervisor, new { arrivalsPerHour = 720 * 1.3, averageHandleSeconds = 240, serviceLevelTarget = 0.8, targetSeconds = 15 });
        var chatTwo = await world.OkAsync(HttpMethod.Post, WhatIf, supervisor, new { arrivalsPerHour = 60, averageHandleSeconds = 600, serviceLevelTarget = 0.8, targetSeconds = 60, capacity = 2 });
        var chatThree = await world.OkAsync(HttpMethod.Post, WhatIf, supervisor, new { arrivalsPerHour = 60, averageHandleSeconds = 600, serviceLevelTarget = 0.8, targetSeconds = 60, capacity = 3 });
        var impatient = await world.OkAsync(HttpMethod.Post, WhatIf, supervisor,
            new { arrivalsPerHour = 720, averageHandleSeconds = 240, serviceLevelTarget = 0.8, targetSeconds = 15, patienceSeconds = 180 });

        Assert.Equal((55, 48.0), (voice.GetProperty("requiredOperators").GetInt32(), voice.GetProperty("loadErlangs").GetDouble()));
        Assert.Equal(0.8459, voice.GetProperty("serviceLevel").GetDouble(), 4);
        Assert.True(busier.GetProperty("requiredOperators").GetInt32() > 55);
        Assert.Equal((14, 7, 5), (chatTwo.GetProperty("requiredServers").GetInt32(), chatTwo.GetProperty("requiredOperators").GetInt32(),
            chatThree.GetProperty("requiredOperators").GetInt32()));
        Assert.InRange(impatient.GetProperty("abandonment").GetDouble(), 0.001, 0.05);
    }

    [Fact]
    public async Task An_impossible_question_is_refused_naming_the_field()
    {
        await using var world = await ApiWorld.StartAsync();
        var admin = await world.CreateWorkspaceAsync("acme");

        using var response = await world.SendAsync(HttpMethod.Post, WhatIf, admin, new { arrivalsPerHour = 720, averageHandleSeconds = 240, serviceLevelTarget = 1.5, targetSeconds = 15 });

        var problem = await ApiWorld.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
        Assert.Contains("serviceLevelTarget", problem.GetProperty("detail").GetString());
    }
}
