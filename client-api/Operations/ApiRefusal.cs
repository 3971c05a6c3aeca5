using Microsoft.AspNetCore.Http;
using Routing.ClientApi.Errors;

namespace Routing.ClientApi.Operations;

/// <summary>
/// A request the API refuses before changing anything, with the status and stable code REST answers as problem details
/// and the WebSocket as an error frame. Thrown by the operations both surfaces share.
/// </summary>
public sealed class ApiRefusal(int status, string code, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Code { get; } = code;

    public static ApiRefusal Invalid(string detail) => new(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, detail);

    public static ApiRefusal Missing(string detail) => new(StatusCodes.Status404NotFound, ErrorCodes.NotFound, detail);

    public static ApiRefusal Conflict(string code, string detail) => new(StatusCodes.Status409Conflict, code, detail);
}
