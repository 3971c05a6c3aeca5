using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Routing.ClientApi.Errors;

/// <summary>Answers what grains, operations and request binding throw with problem details (<see cref="ApiErrors"/>).</summary>
public sealed class ApiExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (ApiErrors.Classify(exception) is not { } answer) return false;
        await ApiProblem.Write(httpContext, answer.Status, answer.Code, answer.Detail);
        return true;
    }
}
