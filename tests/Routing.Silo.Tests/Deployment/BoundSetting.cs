using System.Collections;
using System.Globalization;
using System.Reflection;

namespace Routing.Silo.Tests.Deployment;

/// <summary>Reads back the value a configuration key was bound to, by walking the options objects along its path.</summary>
internal static class BoundSetting
{
    public static object? Read(object settings, string key)
    {
        object? current = settings;
        foreach (var segment in key.Split(':'))
        {
            current = current switch
            {
                null => null,
                IDictionary dictionary => dictionary.Keys.Cast<object>().Where(k => string.Equals(k.ToString(), segment, StringComparison.OrdinalIgnoreCase))
                    .Select(k => dictionary[k]).FirstOrDefault(),
                _ => current.GetType().GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.GetValue(current),
            };
        }
        return current;
    }

    /// <summary>True when the bound value means what the configuration text says (TimeSpans by value, the rest by text).</summary>
    public static bool Matches(object? bound, string text) => bound switch
    {
        TimeSpan span => TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed) && parsed == span,
        null => false,
        _ => string.Equals(Convert.ToString(bound, CultureInfo.InvariantCulture), text, StringComparison.OrdinalIgnoreCase),
    };
}
