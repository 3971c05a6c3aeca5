
namespace Routing.GrainInterfaces;

/// <summary>The entry point for customer messages from every channel (stateless). Key: the workspace id.</summary>
public interface IIntakeGrain : IGrainWithStringKey
{
    Task<IntakeResult> Receive(IntakeMessage message);
}
