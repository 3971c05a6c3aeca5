namespace Routing.Silo.Health;

/// <summary>The body of GET /health.</summary>
public sealed record HealthResponse(string Status, StorageHealth Storage, long Activations);

public sealed record StorageHealth(string Provider, bool Reachable);
