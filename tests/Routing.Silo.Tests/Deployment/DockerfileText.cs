namespace Routing.Silo.Tests.Deployment;

/// <summary>A Dockerfile as a list of instructions (continuation lines joined, comments dropped).</summary>
internal sealed class DockerfileText
{
    private DockerfileText(IReadOnlyList<(string Instruction, string Arguments)> instructions) => Instructions = instructions;

    public IReadOnlyList<(string Instruction, string Arguments)> Instructions { get; }

    public static DockerfileText Load(string path)
    {
        var instructions = new List<(string, string)>();
        var pending = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#'))) continue;
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }
            var whole = (pending + line).Trim();
            pending = "";
            var cut = whole.IndexOf(' ');
            instructions.Add((whole[..cut].ToUpperInvariant(), whole[(cut + 1)..].Trim()));
        }
        return new DockerfileText(instructions);
    }

    public IEnumerable<string> Arguments(string instruction) =>
        Instructions.Where(i => i.Instruction == instruction).Select(i => i.Arguments);

    /// <summary>Every NAME=value of every ENV instruction (quotes removed); the last one wins, as in Docker.</summary>
    public IReadOnlyDictionary<string, string> Environment()
    {
        var environment = new Dictionary<string, string>();
        foreach (var arguments in Arguments("ENV"))
            foreach (var pair in arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(item => item.Split('=', 2)))
                environment[pair[0]] = pair.Length > 1 ? pair[1].Trim('"') : "";
        return environment;
    }

    /// <summary>The source paths of COPY instructions (not those copying from another stage), in order, with their position.</summary>
    public IEnumerable<(int Index, string Source)> CopySources() =>
        Instructions.Select((instruction, index) => (instruction, index))
            .Where(item => item.instruction.Instruction == "COPY" && !item.instruction.Arguments.StartsWith("--from", StringComparison.Ordinal))
            .SelectMany(item =>
            {
                var parts = item.instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return parts[..^1].Select(source => (item.index, source));
            });

    public int IndexOf(string instruction, string containing) =>
        Instructions.ToList().FindIndex(i => i.Instruction == instruction && i.Arguments.Contains(containing, StringComparison.Ordinal));
}
