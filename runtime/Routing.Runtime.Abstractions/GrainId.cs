namespace Routing.Runtime;

/// <summary>The identity of a grain: its type name and its key. One activation per id at a time.</summary>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";
}
