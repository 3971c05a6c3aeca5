using System.Reflection;

namespace Routing.Grains;

/// <summary>The assembly whose grain classes the silo hosts (it registers every Grain subclass found here).</summary>
public static class GrainsAssembly
{
    public static Assembly Assembly => typeof(GrainsAssembly).Assembly;
}
