using System.Reflection;

namespace Routing.Silo.Tests.Contracts;

/// <summary>The public string constants a type declares: how the engine lists its codes and kinds.</summary>
internal static class StringConstants
{
    public static List<string> Of(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!).ToList();
}
