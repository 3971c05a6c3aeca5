using System.Collections;
using System.Reflection;

namespace Routing.Silo.Configuration;

/// <summary>
/// Finds configuration keys that name no property of the options class they would bind to: the binder ignores
/// them silently, so a typo like Storage:Sqlite:DatabasPath would otherwise leave the default in force unnoticed.
/// </summary>
public static class UnknownKeys
{
    public static IEnumerable<string> Find(IConfigurationSection section, Type optionsType)
    {
        if (!HasSettings(optionsType)) yield break; // values, dictionaries and lists take any key
        var properties = Settings(optionsType);
        foreach (var child in section.GetChildren())
        {
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                yield return $"{child.Path} is not a setting; {section.Path} has: {string.Join(", ", properties.Select(p => p.Name))}.";
                continue;
            }
            foreach (var error in Find(child, property.PropertyType)) yield return error;
        }
    }

    /// <summary>The properties configuration can set: public, with a public setter, or an object the binder fills in.</summary>
    public static IReadOnlyList<PropertyInfo> Settings(Type optionsType) =>
        optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0 && (p.SetMethod is { IsPublic: true } || HasSettings(p.PropertyType)))
            .ToList();

    /// <summary>True for an options class (its keys are property names), false for a value, dictionary or list.</summary>
    public static bool HasSettings(Type type) => !IsValue(type) && !typeof(IEnumerable).IsAssignableFrom(type);

    private static bool IsValue(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) ||
               type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Guid) || type == typeof(Uri);
    }
}
