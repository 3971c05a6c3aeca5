using Orleans;

namespace Routing.GrainInterfaces.Model;

/// <summary>
/// The channel a dialog currently runs in. Text channels cost load units by <see cref="ChannelCosts"/>
/// (1 each by default); <see cref="Voice"/> takes the whole operator.
/// </summary>
[GenerateSerializer, Alias("routing.Channel")]
public enum Channel
{
    Chat = 0,
    Messenger = 1,
    Social = 2,
    Email = 3,
    Voice = 4,
}
