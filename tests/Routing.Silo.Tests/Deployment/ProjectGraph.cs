using System.Xml.Linq;

namespace Routing.Silo.Tests.Deployment;

/// <summary>The projects a project needs: itself and its ProjectReferences, transitively.</summary>
internal static class ProjectGraph
{
    public static IReadOnlyList<string> Closure(string project)
    {
        var found = new List<string>();
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var current))
        {
            if (found.Contains(current)) continue;
            found.Add(current);
            foreach (var reference in XDocument.Load(current).Descendants("ProjectReference"))
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, reference.Attribute("Include")!.Value.Replace('\\', '/'))));
        }
        return found;
    }
}
