namespace Routing.Grains.Tests.Policies;

/// <summary>Assertions for randomized tests that name the seed and step, so a failure can be replayed.</summary>
internal sealed class Seeded(int seed)
{
    public Random Random { get; } = new(seed);
    public int Step { get; set; }

    public void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            Assert.Fail($"seed {seed}, step {Step}: {what}: expected {Show(expected)}, got {Show(actual)}");
    }

    private static string Show<T>(T value) => value?.ToString() ?? "null";

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    public bool Chance(double probability) => Random.NextDouble() < probability;
}
