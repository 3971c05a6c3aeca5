using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Routing.ClientApi.Errors;

/// <summary>
/// Error answers: RFC 7807 problem details with a stable machine-readable <c>code</c> extension. Clients switch on the
/// code, never on the title or detail text.
/// </summary>
public static class ApiProblem
{
    public const string CodeExtension = "code";

    public static IResult Result(int status, string code, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, extensions: new Dictionary<string, object?> { [CodeExtension] = code });

    public static IResult Invalid(string detail) => Result(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, detail);

    public static IResult Missing(string detail) => Result(StatusCodes.Status404NotFound, ErrorCodes.NotFound, detail);

    public static Task Write(HttpContext context, int status, string code, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail, Extensions = { [CodeExtension] = code } },
        }).AsTask();
    }

    /// <summary>
    /// The code of a problem without one, from its status: the framework's own answers (404 of an unknown path, 405, 415
    /// of a body that is not JSON, 413 ...) and faults (500).
    /// </summary>
    public static string CodeFor(int? status) => status switch
    {
        400 => ErrorCodes.InvalidRequest,
        401 => ErrorCodes.Unauthenticated,
        403 => ErrorCodes.Forbidden,
        404 => ErrorCodes.NotFound,
        405 => ErrorCodes.MethodNotAllowed,
        409 => ErrorCodes.Conflict,
        413 => ErrorCodes.RequestTooLarge,
        414 => ErrorCodes.UriTooLong,
        415 => ErrorCodes.UnsupportedMediaType,
        429 => ErrorCodes.RateLimited,
        503 => ErrorCodes.Unavailable,
        _ => ErrorCodes.Error,
    };
}
