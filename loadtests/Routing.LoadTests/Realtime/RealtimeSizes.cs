namespace Routing.LoadTests.Realtime;

/// <summary>
/// The sizes of `realtime`. Capacity is raised to seat every customer when needed: a queued dialog would measure the
/// queue, not the WebSocket layer.
/// </summary>
public sealed record RealtimeSizes(int Operators, int Capacity, int Customers, int MessagesPerDialog, int Rounds)
{
    public static RealtimeSizes From(LoadTestOptions options)
    {
        var operators = options.Operators ?? (options.Quick ? 20 : 200);
        var customers = options.Dialogs ?? (options.Quick ? 100 : 1_000);
        var capacity = Math.Max(5, (customers + operators - 1) / operators);
        return new RealtimeSizes(operators, capacity, customers, options.Quick ? 3 : 5, options.Rounds ?? (options.Quick ? 1 : 3));
    }

    /// <summary>Customer sockets dropped and resumed by the resume probe: 10 %.</summary>
    public int Resumed => Math.Max(1, Customers / 10);
}
