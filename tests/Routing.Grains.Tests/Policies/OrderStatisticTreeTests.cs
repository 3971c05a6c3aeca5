namespace Routing.Grains.Tests.Policies;

public class OrderStatisticTreeTests
{
    [Fact]
    public void Rank_select_and_walks_agree_with_a_sorted_list()
    {
        var tree = new OrderStatisticTree<int>(Comparer<int>.Default);
        foreach (var value in new[] { 50, 20, 80, 10, 30, 70, 90 }) Assert.True(tree.Add(value));
        Assert.False(tree.Add(30));
        Assert.Equal(7, tree.Count);
        Assert.Equal(10, tree.Min);
        Assert.Equal(90, tree.Max);
        Assert.Equal(2, tree.IndexOf(30));
        Assert.Equal(-1, tree.IndexOf(31));
        Assert.Equal(3, tree.CountBefore(31));
        Assert.Equal(70, tree.ElementAt(4));
        Assert.Equal([50, 70, 80, 90], tree.From(50));
        Assert.Equal([70, 80, 90], tree.From(50, inclusive: false));
        Assert.True(tree.TryGetFirstFrom(55, true, out var next));
        Assert.Equal(70, next);
        Assert.False(tree.TryGetFirstFrom(90, false, out _));
    }

    [Fact]
    public void Changing_the_tree_during_a_walk_is_refused()
    {
        var tree = new OrderStatisticTree<int>(Comparer<int>.Default) { };
        tree.Add(1);
        tree.Add(2);
        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var value in tree) tree.Remove(value);
        });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_adds_and_removes_match_a_sorted_set(int seed)
    {
        var check = new Seeded(seed);
        var tree = new OrderStatisticTree<int>(Comparer<int>.Default);
        var oracle = new SortedSet<int>();
        for (check.Step = 0; check.Step < 20_000; check.Step++)
        {
            var value = check.Random.Next(2_000);
            if (check.Chance(0.55)) check.Equal(oracle.Add(value), tree.Add(value), $"add {value}");
            else check.Equal(oracle.Remove(value), tree.Remove(value), $"remove {value}");
            check.Equal(oracle.Count, tree.Count, "count");
            if (check.Step % 97 != 0 || oracle.Count == 0) continue;
            var sorted = oracle.ToList();
            check.Equal(string.Join(",", sorted), string.Join(",", tree), "in-order walk");
            var probe = check.Random.Next(2_000);
            check.Equal(sorted.Count(v => v < probe), tree.CountBefore(probe), $"count before {probe}");
            check.Equal(sorted.IndexOf(probe), tree.IndexOf(probe), $"index of {probe}");
            var index = check.Random.Next(sorted.Count);
            check.Equal(sorted[index], tree.ElementAt(index), $"element at {index}");
            check.Equal(string.Join(",", sorted.Where(v => v > probe).Take(5)), string.Join(",", tree.From(probe, inclusive: false).Take(5)), $"walk after {probe}");
        }
    }
}
