using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Routing.GrainInterfaces;
using Routing.Grains.Hosting;

namespace Routing.Grains.Tests.Grains;

/// <summary>
/// Watches the routers on a test silo: counts the department and operator calls made ("IDepartmentGrain.Serve"), tells
/// when every router is at rest (each one-way <see cref="IOperatorRouterGrain.OperatorChanged"/> sent has been handled,
/// and no router call runs), and can hold one operator's Serve calls at the department's door until released, so a
/// test can make a router lose a race on purpose.
/// </summary>
internal sealed class RouterProbe : IIncomingGrainCallFilter, IOutgoingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _holdServesOf;
    private int _told, _handled, _routing;

    /// <summary>A test silo with the routing grains and SQLite, watched by this probe.</summary>
    public Task<TestSilo> StartSiloAsync(string databasePath, FakeTimeProvider? time = null) =>
        TestSilo.StartAsync(silo =>
        {
            silo.AddRoutingGrains();
            silo.Services.AddSingleton<IIncomingGrainCallFilter>(this);
            silo.Services.AddSingleton<IOutgoingGrainCallFilter>(this);
        }, s => s.AddSqliteGrainStorage(o => o.DatabasePath = databasePath), time);

    /// <summary>Calls so far of one method, named "IDepartmentGrain.Serve", "IOperatorGrain.GetSnapshot" and so on.</summary>
    public int Calls(string method) => _calls.GetValueOrDefault(method);

    /// <summary>Serve calls for this operator wait at the door from now on, until <see cref="Release"/>.</summary>
    public void HoldServesOf(string operatorId) => _holdServesOf = operatorId;

    /// <summary>Done when a held Serve call is waiting at the door.</summary>
    public Task Held => _held.Task;

    public void Release() => _release.TrySetResult();

    /// <summary>Waits until every router has handled what it was told and none is running (nothing is timed: a condition).</summary>
    public Task AtRest() => Eventually.True(() =>
        Volatile.Read(ref _routing) == 0 && Volatile.Read(ref _told) == Volatile.Read(ref _handled), "the routers come to rest");

    async Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        var method = context.InterfaceMethod;
        var contract = method?.DeclaringType;
        if (contract == typeof(IDepartmentGrain) || contract == typeof(IOperatorGrain))
            _calls.AddOrUpdate($"{contract.Name}.{method!.Name}", 1, (_, n) => n + 1);
        if (contract == typeof(IDepartmentGrain) && method!.Name == nameof(IDepartmentGrain.Serve)
            && context.Request.GetArgument(0) is OperatorSnapshot snapshot && snapshot.OperatorId == _holdServesOf)
        {
            _held.TrySetResult();
            await _release.Task;
        }
        if (contract != typeof(IOperatorRouterGrain))
        {
            await context.Invoke();
            return;
        }
        Interlocked.Increment(ref _routing);
        try
        {
            await context.Invoke();
        }
        finally
        {
            // Handled before it stops counting as running, so a reader never sees both at rest in between.
            if (method!.Name == nameof(IOperatorRouterGrain.OperatorChanged)) Interlocked.Increment(ref _handled);
            Interlocked.Decrement(ref _routing);
        }
    }

    Task IOutgoingGrainCallFilter.Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType == typeof(IOperatorRouterGrain) && context.InterfaceMethod.Name == nameof(IOperatorRouterGrain.OperatorChanged))
            Interlocked.Increment(ref _told);
        return context.Invoke();
    }
}
