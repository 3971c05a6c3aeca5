using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;

namespace Routing.ClientApi;

// Callback requests (issue 15).

/// <summary>
/// POST /callbacks (channel key): call <paramref name="Phone"/> (E.164) back, within the optional window (UTC). The
/// customer is the channel identity (<paramref name="Channel"/>, <paramref name="ExternalCustomerId"/>) when given, else
/// the phone's voice identity; the department is <paramref name="DepartmentId"/> or the entry rules' for a voice contact.
/// </summary>
public sealed record CallbackCreateRequest(string? Phone, string? DepartmentId = null, string? Topic = null, DateTimeOffset? WindowStart = null,
    DateTimeOffset? WindowEnd = null, string? Note = null, Channel? Channel = null, string? ExternalCustomerId = null);

/// <summary>
/// POST operator/conversations/{id}/callback: the operator asks for a callback of the customer of a dialog they hold (chat
/// → phone); the department is the dialog's unless named.
/// </summary>
public sealed record OperatorCallbackRequest(string? Phone, DateTimeOffset? WindowStart = null, DateTimeOffset? WindowEnd = null, string? Note = null,
    string? DepartmentId = null);

/// <summary>POST operator/conversations/{id}/callback-outcome: what came of the call; retryAt only with retry-later.</summary>
public sealed record CallbackOutcomeRequest(CallbackOutcome? Outcome, string? Note = null, DateTimeOffset? RetryAt = null);
