using Orleans;

namespace Routing.GrainInterfaces.Model;

/// <summary>Where a dialog's first-response target came from when it opened (issue 15).</summary>
[GenerateSerializer, Alias("routing.ResponseTargetSource")]
public enum ResponseTargetSource
{
    /// <summary>Neither the rule nor the department set one: <see cref="ResponseTargets.DefaultFor"/> the channel.</summary>
    ChannelDefault = 0,
    Department = 1,
    EntryRule = 2,
}
