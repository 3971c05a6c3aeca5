namespace Routing.Runtime.Tests.Grains;

public interface IEmitterGrain : IGrainWithStringKey
{
    Task Emit(string topic, int count);
}

public sealed class EmitterGrain : Grain, IEmitterGrain
{
    private int _next;

    public Task Emit(string topic, int count)
    {
        for (var i = 0; i < count; i++) PublishEvent(++_next, topic);
        return Task.CompletedTask;
    }
}
