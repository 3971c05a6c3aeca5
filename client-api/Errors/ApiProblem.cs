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
    public const string Unauthenticated = "unauthenticated";
    public const string Forbidden = "forbidden";
    public const string InvalidRequest = "invalid-request";
    public const string MalformedRequest = "malformed-request";
    public const string NotFound = "not-found";
    public const string Conflict = "conflict";
    public const string RateLimited = "rate-limited";
    public const string Unavailable = "unavailable";
    public const string MethodNotAllowed = "method-not-allowed";
    public const string Error = "error";

    public const string CodeExtension = "code";

    public static IResult Result(int status, string code, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, extensions: new Dictionary<string, object?> { [CodeExtension] = code });

    public static IResult Invalid(string detail) => Result(StatusCodes.Status400BadRequest, InvalidRequest, detail);

    public static IResult Missing(string detail) => Result(StatusCodes.Status404NotFound, NotFound, detail);

    public static Task Write(HttpContext context, int status, string code, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail, Extensions = { [CodeExtension] = code } },
        }).AsTask();
    }

    /// <summary>The code of a problem without one (404 of an unknown path, 405 ...), from its status.</summary>
    public static string CodeFor(int? status) => status switch
    {
        400 => InvalidRequest,
        401 => Unauthenticated,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        429 => RateLimited,
        503 => Unavailable,
        _ => Error,
    };
}
