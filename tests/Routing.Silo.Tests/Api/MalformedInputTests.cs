using System.Net;
using System.Text.Json;

namespace Routing.Silo.Tests.Api;

/// <summary>R25: bad input on every endpoint gets problem details with a stable code, and changes nothing.</summary>
public sealed class MalformedInputTests
{
    private const string W = "/v1/workspaces/acme";

    [Fact]
    public async Task Every_endpoint_refuses_bad_input_with_a_stable_code_and_nothing_changes()
    {
        await using var world = await ApiWorld.StartAsync("--RateLimits:IntakePerCustomer=1000");
        var (admin, channel, held, queued) = await SupportDesk.ArrangeAsync(world, queuedIdempotencyKey: "first-key");
        var conversation = queued.GetProperty("conversationId").GetString()!;
        var customer = held.GetProperty("customerId").GetString()!;
        var before = await WorkspaceSnapshot.ReadAsync(world, admin, conversation, customer);

        var longText = new string('x', 20_001);
        var cases = new (HttpMethod Method, string Path, object? Body, HttpStatusCode Status, string Code, string? IdempotencyKey)[]
        {
            (HttpMethod.Post, "/v1/workspaces", new { }, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Post, "/v1/workspaces", new { workspaceId = "Bad/Id" }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Post, "/v1/workspaces", "{not json", HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Post, "/v1/workspaces", new { workspaceId = "acme" }, HttpStatusCode.Conflict, "conflict", null),
            (HttpMethod.Post, $"{W}/api-keys", new { scope = "root" }, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Post, $"{W}/api-keys", new { name = "no scope" }, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Post, $"{W}/api-keys", new { scope = "admin", name = longText }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Delete, $"{W}/api-keys/0123456789abcdef", null, HttpStatusCode.NotFound, "not-found", null),
            (HttpMethod.Delete, $"{W}/api-keys/{admin.Split('.')[1]}", null, HttpStatusCode.Conflict, "conflict", null),
            (HttpMethod.Put, $"{W}/departments/support", null, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/departments/support", "[1,2]", HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Put, $"{W}/departments/support", new { timeZoneId = "Mars/Olympus_Mons" }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/departments/support", new { hours = new { timeZoneId = "Nowhere/City", intervals = Array.Empty<object>() } }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/departments/support", new { routing = (object?)null }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/departments/support", new { routing = new { strategy = "fastest" } }, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Put, $"{W}/departments/support", new { routing = new { tierSteps = new[] { new { tier = 1, after = "00:00:10" } } } }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/departments/support", new { acceptTimeout = "soon" }, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Put, $"{W}/departments/support", new { name = longText }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/departments/support", new { rescue = new { after = "00:01:00", fallbackDepartmentId = "nowhere" } }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/departments/bad id!", new { name = "x" }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Get, $"{W}/departments/nowhere", null, HttpStatusCode.NotFound, "not-found", null),
            (HttpMethod.Put, $"{W}/operators/ann", new { capacity = 0 }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/operators/ann", new { capacity = 2, departments = new[] { new { departmentId = "nowhere" } } }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/operators/ann", new { capacity = 2, skills = new Dictionary<string, int> { ["billing"] = 9 } }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/operators/ann", new { capacity = 2, departments = (object?)null }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/operators/ann", new { capacity = "many" }, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Get, $"{W}/operators/nobody", null, HttpStatusCode.NotFound, "not-found", null),
            (HttpMethod.Put, $"{W}/operators/ann/schedule", new { timeZoneId = "Nowhere/City" }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/operators/ann/schedule", new { shifts = new[] { new { day = "monday", start = "09:00:00", duration = "1.01:00:00" } } }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/operators/ann/schedule", new { shifts = new[] { new { day = "someday", start = "09:00:00", duration = "08:00:00" } } }, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Put, $"{W}/operators/nobody/schedule", new { timeZoneId = "Europe/Berlin" }, HttpStatusCode.NotFound, "not-found", null),
            (HttpMethod.Delete, $"{W}/operators/nobody/schedule", null, HttpStatusCode.NotFound, "not-found", null),
            (HttpMethod.Get, $"{W}/customers/nobody", null, HttpStatusCode.NotFound, "not-found", null),
            (HttpMethod.Put, $"{W}/customers/nobody/block", null, HttpStatusCode.NotFound, "not-found", null),
            (HttpMethod.Put, $"{W}/customers/{customer}/personal-manager", new { operatorId = "nobody" }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/customers/nobody/personal-manager", new { operatorId = "ann" }, HttpStatusCode.NotFound, "not-found", null),
            (HttpMethod.Put, $"{W}/identities/fax/123/block", null, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/identities/7/123/block", null, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Get, $"{W}/identities/pigeon/123", null, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/entry-routing", new { defaultDepartmentId = "nowhere" }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/entry-routing", new { defaultDepartmentId = "support", rules = (object?)null }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/entry-routing", new { defaultDepartmentId = "support", rules = new[] { new { departmentId = "support", channels = new[] { "pigeon" } } } }, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Post, $"{W}/messages", new { }, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Post, $"{W}/messages", new { channel = "pigeon", externalCustomerId = "v3", text = "hi" }, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Post, $"{W}/messages", new { channel = 1, externalCustomerId = "v3", text = "hi" }, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Post, $"{W}/messages", new { channel = "chat", externalCustomerId = "a/b", text = "hi" }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Post, $"{W}/messages", new { channel = "chat", externalCustomerId = "v3" }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Post, $"{W}/messages", new { channel = "chat", externalCustomerId = "v3", text = longText }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Post, $"{W}/messages", new { channel = "chat", externalCustomerId = "v3", text = "hi", attachments = new[] { new { fileName = "", contentType = "image/png", sizeBytes = 1 } } }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Post, $"{W}/messages", new { channel = "chat", externalCustomerId = "v3", text = "hi", attachments = Enumerable.Repeat(new { fileName = "a.png", contentType = "image/png", sizeBytes = 1 }, 21) }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Post, $"{W}/messages", new { channel = "chat", externalCustomerId = "v3", text = "hi", attachments = new[] { new { fileName = "a.iso", contentType = "application/x-iso9660-image", sizeBytes = 100L * 1024 * 1024 + 1 } } }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Post, $"{W}/messages", new { channel = "chat", externalCustomerId = "v3", text = "hi", priority = "asap" }, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Post, $"{W}/messages", new { channel = "chat", externalCustomerId = "v3", text = "hi" }, HttpStatusCode.BadRequest, "invalid-request", new string('k', 256)),
            (HttpMethod.Post, $"{W}/messages", new { channel = "chat", externalCustomerId = "v2", text = "another" }, HttpStatusCode.UnprocessableEntity, "idempotency-key-reused", "first-key"),
            (HttpMethod.Put, $"{W}/operators/ann/status", new { status = "wrappingUp" }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/operators/ann/status", new { status = "offline" }, HttpStatusCode.Conflict, "conflict", null),
            (HttpMethod.Put, $"{W}/operators/nobody/status", new { status = "online" }, HttpStatusCode.NotFound, "not-found", null),
            (HttpMethod.Get, $"{W}/queues/nowhere", null, HttpStatusCode.NotFound, "not-found", null),
            (HttpMethod.Get, $"{W}/queues/support?limit=0", null, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Get, $"{W}/queues/support?limit=lots", null, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Get, $"{W}/queues/support?limit=501", null, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Get, $"{W}/queues/support?after=position-2", null, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Get, $"{W}/queues/nowhere?after=1.2.3.4", null, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Get, $"{W}/conversations/nothing", null, HttpStatusCode.NotFound, "not-found", null),
            (HttpMethod.Get, $"{W}/conversations/nothing/timeline", null, HttpStatusCode.NotFound, "not-found", null),
            (HttpMethod.Get, $"{W}/conversations/nothing/messages", null, HttpStatusCode.NotFound, "not-found", null),
            (HttpMethod.Post, $"{W}/conversations/nothing/rating", new { score = 1 }, HttpStatusCode.NotFound, "not-found", null),
            (HttpMethod.Post, $"{W}/conversations/{conversation}/rating", new { }, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Post, $"{W}/conversations/{conversation}/rating", new { score = "five" }, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Post, $"{W}/conversations/{conversation}/rating", "{not json", HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Post, $"{W}/conversations/{conversation}/rating", new { score = 1, comment = new string('x', 2_001) }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Post, $"{W}/conversations/{conversation}/rating", new { score = 1 }, HttpStatusCode.Conflict, "rating-not-requested", null),
            (HttpMethod.Get, $"{W}/operators/nobody/ratings", null, HttpStatusCode.NotFound, "not-found", null),
            (HttpMethod.Put, $"{W}/templates/greeting", null, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/templates/greeting", "{not json", HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Put, $"{W}/templates/greeting", new { title = 7, text = "x" }, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Put, $"{W}/templates/greeting", new { text = "no title" }, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Put, $"{W}/templates/greeting", new { title = "Greeting" }, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Put, $"{W}/templates/greeting", new { title = longText, text = "x" }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/templates/greeting", new { title = "Greeting", text = longText }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/templates/greeting", new { title = "Greeting", text = "x", departmentId = "nowhere" }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/templates/bad id!", new { title = "Greeting", text = "x" }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Delete, $"{W}/templates/nothing", null, HttpStatusCode.NotFound, "not-found", null),
            (HttpMethod.Get, $"{W}/templates/nothing", null, HttpStatusCode.NotFound, "not-found", null),
            (HttpMethod.Get, $"{W}/templates?departmentId=bad id!", null, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/departments/support", new { ratingScale = 4 }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Put, $"{W}/departments/support", new { ratingScale = 5, ratingPromptAfterMessages = -1 }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Get, $"{W}/conversations/{conversation}/messages?from=0", null, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Get, $"{W}/conversations/{conversation}/messages?from=first", null, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Get, $"{W}/conversations/{conversation}/messages?limit=0", null, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Get, $"{W}/conversations/{conversation}/messages?limit=501", null, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Get, $"{W}/conversations/{conversation}/messages?limit=all", null, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Post, $"{W}/conversations/{conversation}/assign", new { }, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Post, $"{W}/conversations/{conversation}/assign", new { operatorId = "nobody" }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Post, $"{W}/conversations/{conversation}/assign", new { operatorId = "ann", force = false }, HttpStatusCode.Conflict, "operator-unavailable", null),
            (HttpMethod.Post, $"{W}/conversations/nothing/assign", new { operatorId = "ann" }, HttpStatusCode.NotFound, "not-found", null),
            (HttpMethod.Post, $"{W}/conversations/{conversation}/transfer", new { departmentId = "support", operatorId = "ann" }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Post, $"{W}/conversations/{conversation}/transfer", new { departmentId = "nowhere" }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Post, $"{W}/conversations/{conversation}/transfer", new { operatorId = "ann" }, HttpStatusCode.Conflict, "operator-unavailable", null),
            (HttpMethod.Post, $"{W}/conversations/nothing/close", null, HttpStatusCode.NotFound, "not-found", null),
            (HttpMethod.Post, $"{W}/conversations/{conversation}/move-to-channel", new { }, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Post, $"{W}/conversations/{conversation}/move-to-channel", new { channel = "fax" }, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Post, $"{W}/conversations/{conversation}/move-to-channel", new { channel = 3 }, HttpStatusCode.BadRequest, "malformed-request", null),
            (HttpMethod.Post, $"{W}/conversations/{conversation}/move-to-channel", new { channel = "email", externalCustomerId = "not-an-address" }, HttpStatusCode.BadRequest, "invalid-request", null),
            (HttpMethod.Post, $"{W}/conversations/{conversation}/move-to-channel", new { channel = "email", externalCustomerId = "a@example.com" }, HttpStatusCode.Conflict, "conflict", null),
            (HttpMethod.Post, $"{W}/conversations/nothing/move-to-channel", new { channel = "email" }, HttpStatusCode.NotFound, "not-found", null),
            (HttpMethod.Get, $"{W}/no-such-thing", null, HttpStatusCode.NotFound, "not-found", null),
        };

        var failures = new List<string>();
        foreach (var (method, path, body, status, code, idempotencyKey) in cases)
        {
            var key = path == $"{W}/messages" || path.EndsWith("/rating", StringComparison.Ordinal) ? channel : path == "/v1/workspaces" ? ApiWorld.BootstrapKey : admin;
            using var response = await world.SendAsync(method, path, key, body, idempotencyKey);
            var problem = await ApiWorld.JsonAsync(response);
            if (response.StatusCode != status || response.Content.Headers.ContentType?.MediaType != "application/problem+json" ||
                problem.ValueKind != JsonValueKind.Object || !problem.TryGetProperty("code", out var actual) || actual.GetString() != code)
                failures.Add($"{method} {path} {JsonSerializer.Serialize(body)[..Math.Min(120, JsonSerializer.Serialize(body).Length)]}: expected {(int)status} {code}, got {(int)response.StatusCode} {problem}");
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(before, await WorkspaceSnapshot.ReadAsync(world, admin, conversation, customer));
    }
}
