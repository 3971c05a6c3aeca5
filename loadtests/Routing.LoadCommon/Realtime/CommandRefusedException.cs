namespace Routing.LoadCommon.Realtime;

/// <summary>A WebSocket command answered with an error frame: its code, for counting errors by kind.</summary>
public sealed class CommandRefusedException(string message, string code) : InvalidOperationException(message)
{
    public string Code => code;
}
