namespace Routing.Storage;

/// <summary>Identifies one named state record of one grain (Orleans: grain id + state name).</summary>
public readonly record struct GrainStateKey(string GrainType, string GrainKey, string StateName)
{
    public override string ToString() => $"{GrainType}/{GrainKey}#{StateName}";
}

/// <summary>Identifies one append-only log of one grain (messages, timeline events).</summary>
public readonly record struct GrainLogKey(string GrainType, string GrainKey, string LogName)
{
    public override string ToString() => $"{GrainType}/{GrainKey}@{LogName}";
}
