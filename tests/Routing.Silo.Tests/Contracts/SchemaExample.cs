using System.Text.Json.Nodes;

namespace Routing.Silo.Tests.Contracts;

/// <summary>
/// A body of the right JSON types for a JSON schema (OpenAPI's or System.Text.Json's exporter's), with every property,
/// and the paths of the fields it marks required, at every depth: what a walk removes one at a time.
/// </summary>
internal sealed class SchemaExample(JsonObject? components = null)
{
    public JsonNode? For(JsonNode schema) => Example(Resolve(schema));

    /// <summary>Each required field of the body <see cref="For"/> builds, as (path of its object, field name).</summary>
    public List<(string[] Object, string Field)> RequiredFields(JsonNode schema)
    {
        var fields = new List<(string[], string)>();
        Walk(Resolve(schema), [], fields);
        return fields;
    }

    /// <summary>A copy of <paramref name="body"/> without <paramref name="field"/> in the object at <paramref name="path"/>.</summary>
    public static JsonNode Without(JsonNode body, string[] path, string field)
    {
        var copy = body.DeepClone();
        var target = path.Aggregate(copy, (node, step) => int.TryParse(step, out var index) ? node[index]! : node[step]!);
        target.AsObject().Remove(field);
        return copy;
    }

    private void Walk(JsonNode schema, string[] path, List<(string[], string)> fields)
    {
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var required in schema["required"]?.AsArray() ?? []) fields.Add((path, required!.GetValue<string>()));
            foreach (var (name, property) in properties) Walk(Resolve(property!), [.. path, name], fields);
        }
        else if (Type(schema) == "array" && schema["items"] is { } items)
            Walk(Resolve(items), [.. path, "0"], fields);
    }

    private JsonNode? Example(JsonNode schema)
    {
        if (schema["enum"] is JsonArray values) return values.First(v => v is not null)!.DeepClone();
        switch (Type(schema))
        {
            case "object" or null when schema["properties"] is JsonObject properties:
                var body = new JsonObject();
                foreach (var (name, property) in properties) body[name] = Example(Resolve(property!));
                return body;
            case "object":
                return new JsonObject(); // a dictionary: no entries needed
            case "array":
                return new JsonArray(Example(Resolve(schema["items"]!)));
            case "integer" or "number":
                return 1;
            case "boolean":
                return false;
            case "string":
                return schema["format"]?.GetValue<string>() switch
                {
                    "date" => "2030-01-07",
                    "time" => "09:00:00",
                    "date-time" => "2030-01-07T09:00:00Z",
                    _ => schema["pattern"] is null ? "x" : "00:00:01", // the only patterned strings are durations
                };
            default:
                throw new InvalidOperationException($"no example for the schema {schema.ToJsonString()}");
        }
    }

    /// <summary>The schema behind a reference or a nullable wrapper (oneOf null and one other).</summary>
    private JsonNode Resolve(JsonNode schema)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
            return Resolve(components?[reference.Split('/')[^1]] ?? throw new InvalidOperationException($"unknown {reference}"));
        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray choices)
            return Resolve(choices.First(c => Type(c!) != "null")!);
        return schema;
    }

    /// <summary>The schema's type other than null (a type list such as ["null", "string"] is nullable).</summary>
    private static string? Type(JsonNode schema) => schema["type"] switch
    {
        JsonArray types => types.Select(t => t!.GetValue<string>()).First(t => t != "null"),
        JsonValue type => type.GetValue<string>(),
        _ => null,
    };
}
