using System.Linq.Expressions;
using System.Reflection;
using Routing.Runtime.Activations;
using Routing.Runtime.Calls;
using Routing.Runtime.Metrics;

namespace Routing.Runtime.Types;

/// <summary>
/// One grain interface method: a compiled invoker (no reflection per call) and a typed way to build its request,
/// so the caller gets back exactly the Task/ValueTask type the interface declares.
/// </summary>
internal sealed class GrainMethod
{
    private readonly Func<GrainMethod, object?[], RequestAndReply> _createRequest;

    public GrainMethod(Type grainInterface, MethodInfo method, MethodStatistics statistics)
    {
        if (method.IsGenericMethodDefinition)
            throw new InvalidOperationException($"{grainInterface}.{method.Name}: generic grain methods are not supported.");
        Name = method.Name;
        IsReadOnly = method.IsDefined(typeof(ReadOnlyAttribute), inherit: false);
        IsOneWay = method.IsDefined(typeof(OneWayAttribute), inherit: false);
        if (IsOneWay && method.ReturnType != typeof(Task) && method.ReturnType != typeof(ValueTask))
            throw new InvalidOperationException($"{grainInterface}.{method.Name}: a [OneWay] method returns Task or ValueTask; nobody waits for a result.");
        Statistics = statistics;

        var returnType = method.ReturnType;
        Type resultType;
        if (returnType == typeof(Task) || returnType == typeof(ValueTask)) resultType = typeof(object);
        else if (returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)))
            resultType = returnType.GetGenericArguments()[0];
        else throw new InvalidOperationException($"{grainInterface}.{method.Name} must return Task, Task<T>, ValueTask or ValueTask<T>, not {returnType}.");

        Invoker = CompileInvoker(grainInterface, method);
        var kind = returnType == typeof(Task) ? ReturnKind.Task
            : returnType == typeof(ValueTask) ? ReturnKind.ValueTask
            : returnType.GetGenericTypeDefinition() == typeof(Task<>) ? ReturnKind.TaskOfT : ReturnKind.ValueTaskOfT;
        _createRequest = (Func<GrainMethod, object?[], RequestAndReply>)typeof(GrainMethod)
            .GetMethod(nameof(CreateTyped), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(resultType)
            .Invoke(null, [kind])!;
    }

    public string Name { get; }

    public bool IsReadOnly { get; }

    public bool IsOneWay { get; }

    public MethodStatistics Statistics { get; }

    /// <summary>Calls the method on a grain object; ValueTasks are turned into Tasks.</summary>
    public Func<object, object?[], Task> Invoker { get; }

    /// <summary>The request to dispatch and the object (Task or ValueTask) the caller receives.</summary>
    public RequestAndReply CreateRequest(object?[] arguments) => _createRequest(this, arguments);

    private static Func<GrainMethod, object?[], RequestAndReply> CreateTyped<TResult>(ReturnKind kind) => kind switch
    {
        ReturnKind.Task or ReturnKind.TaskOfT => (m, args) =>
        {
            var request = new MethodRequest<TResult>(m, args);
            return new RequestAndReply(request, request.Reply.Task);
        },
        ReturnKind.ValueTask => (m, args) =>
        {
            var request = new MethodRequest<TResult>(m, args);
            return new RequestAndReply(request, new ValueTask(request.Reply.Task));
        },
        _ => (m, args) =>
        {
            var request = new MethodRequest<TResult>(m, args);
            return new RequestAndReply(request, new ValueTask<TResult>(request.Reply.Task));
        },
    };

    private static Func<object, object?[], Task> CompileInvoker(Type grainInterface, MethodInfo method)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var parameters = method.GetParameters().Select((p, i) =>
            (Expression)Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType));
        Expression call = Expression.Call(Expression.Convert(grain, grainInterface), method, parameters);
        if (method.ReturnType == typeof(ValueTask) || (method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(ValueTask<>)))
            call = Expression.Call(call, method.ReturnType.GetMethod(nameof(ValueTask.AsTask))!);
        return Expression.Lambda<Func<object, object?[], Task>>(Expression.Convert(call, typeof(Task)), grain, args).Compile();
    }

    private enum ReturnKind
    {
        Task,
        TaskOfT,
        ValueTask,
        ValueTaskOfT,
    }
}

/// <summary>A request ready to dispatch and what the caller awaits.</summary>
internal readonly record struct RequestAndReply(GrainRequest Request, object CallerResult);
