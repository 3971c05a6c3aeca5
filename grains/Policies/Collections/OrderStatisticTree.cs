using System.Collections;

namespace Routing.Grains.Policies;

/// <summary>
/// A sorted set (AVL tree) whose nodes also count their subtree: add, remove, min, rank (position), select by index,
/// and the first element after a key are each O(log n); walking on from there costs amortized O(1) per element.
/// </summary>
/// <remarks>
/// Why not <see cref="SortedSet{T}"/>: it has no rank, and its <c>GetViewBetween</c> counts the view by walking it,
/// so "position of this dialog" and "first operator after the round-robin cursor" would be linear.
/// AVL rather than red-black: shallower (at most 1.44 log2 n), and the queue reads more than it writes.
/// Elements must not change their sort key while in the tree (remove, change, add back).
/// </remarks>
public sealed class OrderStatisticTree<T> : IReadOnlyCollection<T> where T : notnull
{
    private sealed class Node(T item)
    {
        public T Item = item;
        public Node? Left;
        public Node? Right;
        public int Height = 1;
        public int Size = 1;
    }

    private readonly IComparer<T> comparer;
    private Node? root;
    private int version;

    public OrderStatisticTree(IComparer<T> comparer) => this.comparer = comparer;

    public IComparer<T> Comparer => comparer;

    public int Count => root?.Size ?? 0;

    /// <summary>Adds the item; false when an equal item (comparer 0) is already present.</summary>
    public bool Add(T item)
    {
        var added = false;
        root = Insert(root, item, ref added);
        if (added) version++;
        return added;
    }

    /// <summary>Removes the item equal to <paramref name="item"/>; false when absent.</summary>
    public bool Remove(T item)
    {
        var removed = false;
        root = Delete(root, item, ref removed);
        if (removed) version++;
        return removed;
    }

    public void Clear()
    {
        root = null;
        version++;
    }

    public bool Contains(T item) => Find(item) is not null;

    /// <summary>The smallest element, or default when empty.</summary>
    public T? Min
    {
        get
        {
            var node = root;
            if (node is null) return default;
            while (node.Left is not null) node = node.Left;
            return node.Item;
        }
    }

    /// <summary>The largest element, or default when empty.</summary>
    public T? Max
    {
        get
        {
            var node = root;
            if (node is null) return default;
            while (node.Right is not null) node = node.Right;
            return node.Item;
        }
    }

    /// <summary>How many elements sort before <paramref name="item"/> (its 0-based position when present), or -1 when absent.</summary>
    public int IndexOf(T item)
    {
        var node = root;
        var before = 0;
        while (node is not null)
        {
            var order = comparer.Compare(item, node.Item);
            if (order == 0) return before + Size(node.Left);
            if (order < 0)
            {
                node = node.Left;
            }
            else
            {
                before += Size(node.Left) + 1;
                node = node.Right;
            }
        }
        return -1;
    }

    /// <summary>How many elements sort strictly before <paramref name="key"/> (which need not be present).</summary>
    public int CountBefore(T key)
    {
        var node = root;
        var before = 0;
        while (node is not null)
        {
            if (comparer.Compare(key, node.Item) <= 0)
            {
                node = node.Left;
            }
            else
            {
                before += Size(node.Left) + 1;
                node = node.Right;
            }
        }
        return before;
    }

    /// <summary>The element at the 0-based <paramref name="index"/> in sort order.</summary>
    public T ElementAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var node = root!;
        while (true)
        {
            var leftSize = Size(node.Left);
            if (index < leftSize)
            {
                node = node.Left!;
            }
            else if (index == leftSize)
            {
                return node.Item;
            }
            else
            {
                index -= leftSize + 1;
                node = node.Right!;
            }
        }
    }

    /// <summary>The first element at or after <paramref name="key"/> (inclusive) or strictly after it; false when none.</summary>
    public bool TryGetFirstFrom(T key, bool inclusive, out T item)
    {
        Node? found = null;
        var node = root;
        while (node is not null)
        {
            var order = comparer.Compare(node.Item, key);
            if (order > 0 || (inclusive && order == 0))
            {
                found = node;
                node = node.Left;
            }
            else
            {
                node = node.Right;
            }
        }
        item = found is null ? default! : found.Item;
        return found is not null;
    }

    /// <summary>
    /// The first element in sort order, from <paramref name="key"/> on (all when null), for which
    /// <paramref name="predicate"/> holds. Allocation-free (recursive, depth O(log n)): the hot path of operator search.
    /// </summary>
    public bool TryFindFirst<TState>(T? key, bool inclusive, TState state, Func<TState, T, bool> predicate, out T found)
    {
        found = default!;
        return FindFirst(root, key, key is not null, inclusive, state, predicate, ref found);
    }

    private bool FindFirst<TState>(Node? node, T? key, bool bounded, bool inclusive, TState state, Func<TState, T, bool> predicate, ref T found)
    {
        while (node is not null)
        {
            if (bounded)
            {
                var order = comparer.Compare(node.Item, key!);
                if (order < 0 || (order == 0 && !inclusive))
                {
                    node = node.Right;
                    continue;
                }
            }
            if (FindFirst(node.Left, key, bounded, inclusive, state, predicate, ref found)) return true;
            if (predicate(state, node.Item))
            {
                found = node.Item;
                return true;
            }
            // Everything to the right sorts after this node, so after the key too.
            node = node.Right;
            bounded = false;
        }
        return false;
    }

    /// <summary>Elements in sort order starting at <paramref name="key"/> (inclusive) or after it. The tree must not change meanwhile.</summary>
    public IEnumerable<T> From(T key, bool inclusive = true)
    {
        var path = new Stack<Node>();
        var node = root;
        while (node is not null)
        {
            var order = comparer.Compare(node.Item, key);
            if (order > 0 || (inclusive && order == 0))
            {
                path.Push(node);
                node = node.Left;
            }
            else
            {
                node = node.Right;
            }
        }
        return Walk(path, version);
    }

    public IEnumerator<T> GetEnumerator()
    {
        var path = new Stack<Node>();
        PushLeftSpine(path, root);
        return Walk(path, version).GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IEnumerable<T> Walk(Stack<Node> path, int startVersion)
    {
        while (path.Count > 0)
        {
            if (version != startVersion) throw new InvalidOperationException("The tree changed during the walk.");
            var node = path.Pop();
            yield return node.Item;
            PushLeftSpine(path, node.Right);
        }
    }

    private static void PushLeftSpine(Stack<Node> path, Node? node)
    {
        for (; node is not null; node = node.Left) path.Push(node);
    }

    private Node? Find(T item)
    {
        var node = root;
        while (node is not null)
        {
            var order = comparer.Compare(item, node.Item);
            if (order == 0) return node;
            node = order < 0 ? node.Left : node.Right;
        }
        return null;
    }

    private Node Insert(Node? node, T item, ref bool added)
    {
        if (node is null)
        {
            added = true;
            return new Node(item);
        }
        var order = comparer.Compare(item, node.Item);
        if (order == 0) return node;
        if (order < 0) node.Left = Insert(node.Left, item, ref added);
        else node.Right = Insert(node.Right, item, ref added);
        return added ? Rebalance(node) : node;
    }

    private Node? Delete(Node? node, T item, ref bool removed)
    {
        if (node is null) return null;
        var order = comparer.Compare(item, node.Item);
        if (order < 0)
        {
            node.Left = Delete(node.Left, item, ref removed);
        }
        else if (order > 0)
        {
            node.Right = Delete(node.Right, item, ref removed);
        }
        else
        {
            removed = true;
            if (node.Left is null) return node.Right;
            if (node.Right is null) return node.Left;
            var right = DetachMin(node.Right, out var successor);
            successor.Left = node.Left;
            successor.Right = right;
            return Rebalance(successor);
        }
        return removed ? Rebalance(node) : node;
    }

    private static Node? DetachMin(Node node, out Node min)
    {
        if (node.Left is null)
        {
            min = node;
            return node.Right;
        }
        node.Left = DetachMin(node.Left, out min);
        return Rebalance(node);
    }

    private static int Height(Node? node) => node?.Height ?? 0;

    private static int Size(Node? node) => node?.Size ?? 0;

    private static void Update(Node node)
    {
        node.Height = 1 + Math.Max(Height(node.Left), Height(node.Right));
        node.Size = 1 + Size(node.Left) + Size(node.Right);
    }

    private static Node Rebalance(Node node)
    {
        Update(node);
        var balance = Height(node.Left) - Height(node.Right);
        if (balance > 1)
        {
            if (Height(node.Left!.Left) < Height(node.Left.Right)) node.Left = RotateLeft(node.Left);
            return RotateRight(node);
        }
        if (balance < -1)
        {
            if (Height(node.Right!.Right) < Height(node.Right.Left)) node.Right = RotateRight(node.Right);
            return RotateLeft(node);
        }
        return node;
    }

    private static Node RotateRight(Node node)
    {
        var left = node.Left!;
        node.Left = left.Right;
        left.Right = node;
        Update(node);
        Update(left);
        return left;
    }

    private static Node RotateLeft(Node node)
    {
        var right = node.Right!;
        node.Right = right.Left;
        right.Left = node;
        Update(node);
        Update(right);
        return right;
    }
}
