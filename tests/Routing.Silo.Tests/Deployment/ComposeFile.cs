using YamlDotNet.RepresentationModel;

namespace Routing.Silo.Tests.Deployment;

/// <summary>docker-compose.yml read with a YAML parser, the way Docker Compose reads it (no engine needed).</summary>
internal sealed class ComposeFile
{
    private readonly YamlMappingNode _services;

    private ComposeFile(string path, YamlMappingNode root)
    {
        Path = path;
        _services = (YamlMappingNode)root["services"];
        Volumes = root.Children.TryGetValue("volumes", out var volumes) ? ((YamlMappingNode)volumes).Children.Keys.Select(Text).ToList() : [];
    }

    public string Path { get; }

    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    public IReadOnlyList<string> ServiceNames => _services.Children.Keys.Select(Text).ToList();

    /// <summary>Top-level named volumes.</summary>
    public IReadOnlyList<string> Volumes { get; }

    public static ComposeFile Load(string path)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(path)) yaml.Load(reader);
        return new ComposeFile(path, (YamlMappingNode)yaml.Documents.Single().RootNode);
    }

    public YamlMappingNode Service(string name) => (YamlMappingNode)_services[name];

    /// <summary>A scalar at a path of keys under a service ("build", "dockerfile"), or null.</summary>
    public string? Scalar(string service, params string[] keys)
    {
        YamlNode node = Service(service);
        foreach (var key in keys)
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(key, out node!)) return null;
        return node is YamlScalarNode scalar ? scalar.Value : null;
    }

    /// <summary>A service's environment, written either as a mapping or as a list of NAME=value.</summary>
    public IReadOnlyDictionary<string, string> Environment(string service)
    {
        if (!Service(service).Children.TryGetValue("environment", out var node)) return new Dictionary<string, string>();
        return node switch
        {
            YamlMappingNode mapping => mapping.Children.ToDictionary(pair => Text(pair.Key), pair => Text(pair.Value)),
            YamlSequenceNode list => list.Children.Select(Text).Select(item => item.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : ""),
            _ => throw new InvalidOperationException($"{service}.environment is neither a mapping nor a list."),
        };
    }

    /// <summary>Items of a list-valued key (ports, volumes), as written in short syntax.</summary>
    public IReadOnlyList<string> List(string service, string key) =>
        Service(service).Children.TryGetValue(key, out var node) ? ((YamlSequenceNode)node).Children.Select(Text).ToList() : [];

    public YamlNode? Node(string service, string key) => Service(service).Children.TryGetValue(key, out var node) ? node : null;

    /// <summary>The container port of a short-syntax mapping: "5080", "8080:5080" or "127.0.0.1:8080:5080".</summary>
    public static int ContainerPort(string mapping) => int.Parse(mapping.Split('/')[0].Split(':')[^1]);

    /// <summary>The host port of a short-syntax mapping.</summary>
    public static int HostPort(string mapping)
    {
        var parts = mapping.Split('/')[0].Split(':');
        return int.Parse(parts.Length > 1 ? parts[^2] : parts[0]);
    }

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? "";
}
