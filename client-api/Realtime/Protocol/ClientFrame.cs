using Routing.ClientApi.Errors;
using System.Text.Json;

namespace Routing.ClientApi.Realtime.Protocol;

/// <summary>
/// One frame a client sends: <c>{"type": "...", "ref": "...", "data": {...}}</c>. <c>ref</c> (optional, at most
/// <see cref="MaxRefLength"/> characters) comes back on the reply or error; <c>data</c> is the command's object.
/// </summary>
public sealed record ClientFrame(string Type, string? Ref, JsonElement Data)
{
    public const int MaxTypeLength = 40;
    public const int MaxRefLength = 64;

    /// <summary>Parses a text frame; a frame that is not such an object throws <see cref="RealtimeFrameException"/>.</summary>
    public static ClientFrame Parse(ReadOnlyMemory<byte> utf8)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 16 }); }
        catch (JsonException e) { throw new RealtimeFrameException(ErrorCodes.MalformedFrame, "the frame is not JSON: " + e.Message); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new RealtimeFrameException(ErrorCodes.MalformedFrame, "a frame is a JSON object");
            string? reference = null;
            if (root.TryGetProperty("ref", out var refElement))
            {
                if (refElement.ValueKind != JsonValueKind.String || refElement.GetString()!.Length is 0 or > MaxRefLength)
                    throw new RealtimeFrameException(ErrorCodes.MalformedFrame, $"ref must be a string of 1-{MaxRefLength} characters");
                reference = refElement.GetString();
            }
            if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String ||
                typeElement.GetString()!.Length is 0 or > MaxTypeLength)
                throw new RealtimeFrameException(ErrorCodes.MalformedFrame, "type is required", reference);
            var data = root.TryGetProperty("data", out var dataElement) ? dataElement.Clone() : EmptyObject;
            if (data.ValueKind != JsonValueKind.Object)
                throw new RealtimeFrameException(ErrorCodes.MalformedFrame, "data must be an object", reference);
            return new ClientFrame(typeElement.GetString()!, reference, data);
        }
    }

    /// <summary>
    /// The frame's <c>ref</c> without parsing the rest (a refusal before parsing still names the command it refused);
    /// null when there is none before the reader gives up.
    /// </summary>
    public static string? PeekRef(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 16 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isRef = reader.ValueTextEquals("ref"u8);
                if (!reader.Read()) return null;
                if (isRef) return reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length <= MaxRefLength * 4 ? reader.GetString() : null;
                reader.Skip();
            }
        }
        catch (JsonException) { }
        return null;
    }

    /// <summary>The data as the command's record; a wrong shape throws <see cref="RealtimeFrameException"/> (malformed-frame).</summary>
    public T Bind<T>(JsonSerializerOptions options) where T : class
    {
        try { return Data.Deserialize<T>(options) ?? throw new JsonException("data is null"); }
        catch (JsonException e) { throw new RealtimeFrameException(ErrorCodes.MalformedFrame, $"data of '{Type}': {e.Message}", Ref); }
    }

    /// <summary>The <c>conversationId</c> of a command about one conversation.</summary>
    public string? ConversationId(JsonSerializerOptions options) => Bind<DialogCommand>(options).ConversationId;

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
}

/// <summary>A client frame the server refuses with an error frame (nothing changed).</summary>
public sealed class RealtimeFrameException(string code, string detail, string? reference = null) : Exception(detail)
{
    public string Code { get; } = code;
    public string? Ref { get; } = reference;
}
