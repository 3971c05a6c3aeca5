using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;

namespace Routing.ClientApi;

/// <summary>
/// The queue listing's paging cursor as text (`nextAfter` in an answer, `after` in the next request): the serving-order
/// key of the last dialog listed, "{priority}.{UTC ticks of its original wait}.{sequence}". Clients pass it back as given.
/// </summary>
public static class QueueCursorText
{
    private const int MaxLength = 64;

    public static string Format(QueueCursor cursor) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)cursor.Priority}.{cursor.WaitingSince.UtcTicks}.{cursor.Sequence}");

    /// <summary>False for anything <see cref="Format"/> cannot have written.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out QueueCursor? cursor)
    {
        cursor = null;
        if (text is not { Length: > 0 and <= MaxLength }) return false;
        var parts = text.Split('.');
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var priority)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || ticks > DateTimeOffset.MaxValue.UtcTicks)
            return false;
        cursor = new QueueCursor((Priority)priority, new DateTimeOffset(ticks, TimeSpan.Zero), sequence);
        // One spelling per cursor: "+1" or "007" were not written here.
        if (Format(cursor) == text) return true;
        cursor = null;
        return false;
    }
}
