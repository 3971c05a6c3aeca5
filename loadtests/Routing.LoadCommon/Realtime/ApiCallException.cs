namespace Routing.LoadCommon.Realtime;

/// <summary>A REST call the engine refused: its HTTP status and problem-details code, for counting errors by kind.</summary>
public sealed class ApiCallException(string message, int status, string? code) : InvalidOperationException(message)
{
    public int Status => status;
    public string? Code => code;
}
