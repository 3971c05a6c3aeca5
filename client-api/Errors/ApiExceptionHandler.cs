using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Routing.GrainInterfaces;
using Routing.Runtime;

namespace Routing.ClientApi.Errors;

/// <summary>
/// Maps what grains and request binding throw to problem details with a stable code. Grains validate before they
/// write, so every one of these answers means nothing changed.
/// </summary>
public sealed class ApiExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        (int Status, string Code)? mapped = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, ApiProblem.MalformedRequest),
            RoutingRefusedException { Code: RoutingRefusedException.CustomerBlocked or RoutingRefusedException.IdentityBlocked } refused => (403, refused.Code),
            RoutingRefusedException { Code: RoutingRefusedException.IdempotencyKeyReused } refused => (422, refused.Code),
            RoutingRefusedException refused => (409, refused.Code),
            ArgumentException => (400, ApiProblem.InvalidRequest),
            InvalidOperationException => (409, ApiProblem.Conflict),
            TimeoutException => (503, ApiProblem.Unavailable),
            _ => null,
        };
        if (mapped is not { } answer) return false;
        var detail = exception is BadHttpRequestException ? exception.InnerException?.Message ?? exception.Message : exception.Message;
        await ApiProblem.Write(httpContext, answer.Status, answer.Code, detail);
        return true;
    }
}
