using System.Net.WebSockets;
using Routing.LoadCommon.Realtime;

namespace Routing.LoadTool.Measures;

/// <summary>The kind an error is counted under: "http-429", "frame-not-assigned", "timeout", "socket", or the exception's type.</summary>
public static class ErrorKinds
{
    public const string Timeout = "timeout";

    public static string Of(Exception error) => error switch
    {
        StepFailedException failed => failed.Kind,
        UnexpectedAnswerException unexpected => unexpected.Kind,
        ApiCallException api => $"http-{api.Status}" + (api.Code is { } code ? $" {code}" : ""),
        CommandRefusedException refused => $"frame {refused.Code}",
        TimeoutException => Timeout,
        TaskCanceledException { InnerException: TimeoutException } => Timeout, // HttpClient's timeout
        OperationCanceledException => Timeout,
        WebSocketException => "socket",
        HttpRequestException http => http.StatusCode is { } status ? $"http-{(int)status}" : "connection",
        _ => error.GetType().Name,
    };
}

/// <summary>A step that failed and was counted already: the iteration stops without counting it twice.</summary>
public sealed class StepFailedException(string step, string kind, Exception cause) : Exception($"{step}: {kind}", cause)
{
    public string Step { get; } = step;
    public string Kind { get; } = kind;
}

/// <summary>The engine answered, but not as it should have (a resume that started afresh): counted under its kind.</summary>
public sealed class UnexpectedAnswerException(string kind) : Exception(kind)
{
    public string Kind => Message;
}
