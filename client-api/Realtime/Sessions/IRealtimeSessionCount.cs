namespace Routing.ClientApi.Realtime.Sessions;

/// <summary>How many WebSocket sessions this silo holds (connected or waiting for a resume), for the silo's metrics.</summary>
public interface IRealtimeSessionCount
{
    int Count { get; }
}
