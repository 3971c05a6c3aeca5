using Microsoft.AspNetCore.Http;
using Routing.ClientApi.Operations;
using Routing.GrainInterfaces;

namespace Routing.ClientApi.Errors;

/// <summary>
/// What an exception means to a client: status and stable code, or null for a fault of ours. Grains validate before they
/// write, so every classified answer means nothing changed. REST and the WebSocket both answer from here.
/// </summary>
public static class ApiErrors
{
    public sealed record Classified(int Status, string Code, string Detail);

    public static Classified? Classify(Exception exception) => exception switch
    {
        ApiRefusal refusal => new(refusal.Status, refusal.Code, refusal.Message),
        // 400: a body that is not JSON, misses a required field or has a value of the wrong type; else 413, 415 ... by status.
        BadHttpRequestException bad => new(bad.StatusCode,
            bad.StatusCode == StatusCodes.Status400BadRequest ? ErrorCodes.MalformedRequest : ApiProblem.CodeFor(bad.StatusCode),
            bad.InnerException?.Message ?? bad.Message),
        RoutingRefusedException { Code: RoutingRefusedException.CustomerBlocked or RoutingRefusedException.IdentityBlocked
            or RoutingRefusedException.OperatorBlocked } refused =>
            new(StatusCodes.Status403Forbidden, refused.Code, refused.Message),
        RoutingRefusedException { Code: RoutingRefusedException.IdempotencyKeyReused } refused =>
            new(StatusCodes.Status422UnprocessableEntity, refused.Code, refused.Message),
        RoutingRefusedException refused => new(StatusCodes.Status409Conflict, refused.Code, refused.Message),
        ArgumentException => new(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, exception.Message),
        // The grains' own refusals; the framework's (disposed objects, closed channels) are faults, not conflicts.
        ObjectDisposedException or System.Threading.Channels.ChannelClosedException => null,
        InvalidOperationException => new(StatusCodes.Status409Conflict, ErrorCodes.Conflict, exception.Message),
        TimeoutException => new(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, exception.Message),
        // A silo of the cluster died or cannot be reached yet (until membership declares it dead, its grains' calls
        // fail), or a stale activation's write lost to a newer one's (Orleans drops it): a retry reaches a live activation.
        Orleans.Runtime.OrleansMessageRejectionException or Orleans.Storage.InconsistentStateException =>
            new(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, exception.Message),
        _ => null,
    };
}
