using System.Security.Cryptography;
using System.Text;

namespace Routing.Grains.Webhooks;

/// <summary>
/// The request's headers and signature: X-Routing-Signature is "sha256=" + hex HMAC-SHA256(secret, timestamp + "." + body),
/// timestamp being X-Routing-Timestamp (unix seconds). Signing the timestamp lets a receiver reject old (replayed) requests.
/// </summary>
public static class WebhookSignature
{
    public const string DeliveryHeader = "X-Routing-Delivery";
    public const string EventHeader = "X-Routing-Event";
    public const string TimestampHeader = "X-Routing-Timestamp";
    public const string SignatureHeader = "X-Routing-Signature";

    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>True when <paramref name="signature"/> is the signature of this timestamp and body (compared in constant time).</summary>
    public static bool Verify(string secret, long unixSeconds, ReadOnlySpan<byte> body, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(secret, unixSeconds, body)), Encoding.ASCII.GetBytes(signature));

    public static Dictionary<string, string> Headers(string deliveryId, string type, long unixSeconds, string signature) => new()
    {
        [DeliveryHeader] = deliveryId, [EventHeader] = type, [TimestampHeader] = unixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [SignatureHeader] = signature,
    };
}
