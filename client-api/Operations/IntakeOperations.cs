using System.Security.Cryptography;
using System.Text;
using Routing.GrainInterfaces;
using Orleans;

namespace Routing.ClientApi.Operations;

/// <summary>
/// A customer's message into the engine, from a channel connector (REST) or the site widget (WebSocket): once per
/// idempotency key when one is given, so a retry after a lost answer never duplicates the message.
/// </summary>
public sealed class IntakeOperations(IGrainFactory grains)
{
    /// <summary>The intake's answer, and whether it is the stored answer of an earlier request with the same key.</summary>
    public async Task<(IntakeResult Result, bool Replayed)> Receive(string ws, IntakeMessage message, string? idempotencyKey, string requestFingerprint)
    {
        if (idempotencyKey is null) return (await grains.GetGrain<IIntakeGrain>(RoutingKeys.Intake(ws)).Receive(message), false);
        var answer = await grains.GetGrain<IIntakeIdempotencyGrain>(RoutingKeys.IntakeIdempotency(ws, Sha256(idempotencyKey)))
            .Receive(Sha256(requestFingerprint), message);
        return (answer.Result, answer.Replayed);
    }

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
