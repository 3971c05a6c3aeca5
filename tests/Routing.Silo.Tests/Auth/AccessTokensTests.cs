using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Routing.ClientApi.Auth;
using Routing.GrainInterfaces.Model;
using Routing.Testing;

namespace Routing.Silo.Tests.Auth;

/// <summary>R25: signed operator and customer tokens, checked without a silo.</summary>
public sealed class AccessTokensTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] OtherKey = RandomNumberGenerator.GetBytes(32);

    private readonly FakeTimeProvider _time = new(TestClock.MondayMorning);
    private readonly AccessTokens _tokens;

    public AccessTokensTests() => _tokens = new AccessTokens(_time);

    private AccessToken Ann(TimeSpan? lifetime = null) => AccessToken.Operator("acme", "ann", _time.GetUtcNow(), lifetime ?? TimeSpan.FromHours(12));

    private AccessToken Visitor() => AccessToken.Customer("acme", Channel.Chat, "visitor-1", _time.GetUtcNow(), TimeSpan.FromDays(1));

    [Fact]
    public void Operator_and_customer_tokens_round_trip_their_claims()
    {
        foreach (var claims in new[] { Ann(), Visitor() })
        {
            var raw = AccessTokens.Issue(claims, Key);

            Assert.StartsWith("rt1.", raw);
            Assert.Equal(3, raw.Split('.').Length);
            Assert.True(_tokens.TryValidate(raw, Key, out var token, out var failure), failure);
            Assert.Equal(claims, token);
            Assert.Equal("acme", AccessTokens.ClaimedWorkspace(raw));
        }
    }

    [Fact]
    public void The_payload_is_readable_json_with_unix_seconds()
    {
        var payload = Decode(AccessTokens.Issue(Visitor(), Key).Split('.')[1]);
        var start = _time.GetUtcNow().ToUnixTimeSeconds();

        Assert.Equal($$"""{"workspaceId":"acme","kind":"customer","subject":"visitor-1","channel":"chat","issuedAt":{{start}},"expiresAt":{{start + 86400}}}""", payload);
    }

    [Fact]
    public void A_changed_payload_fails_even_when_it_is_well_formed()
    {
        var parts = AccessTokens.Issue(Ann(), Key).Split('.');
        var forged = Decode(parts[1]).Replace("\"ann\"", "\"bob\"");

        Assert.False(_tokens.TryValidate($"rt1.{Encode(forged)}.{parts[2]}", Key, out _, out var failure));
        Assert.Contains("signature", failure);
    }

    [Fact]
    public void A_changed_signature_fails()
    {
        var raw = AccessTokens.Issue(Ann(), Key);
        var last = raw[^2] == 'A' ? 'B' : 'A'; // the last character carries padding bits: change the one before it

        Assert.False(_tokens.TryValidate(raw[..^2] + last + raw[^1], Key, out _, out _));
        Assert.False(_tokens.TryValidate(raw[..^43] + new string('A', 43), Key, out _, out _));
    }

    [Fact]
    public void A_token_signed_with_another_key_fails_and_so_does_a_workspace_without_a_key()
    {
        var raw = AccessTokens.Issue(Ann(), OtherKey);

        Assert.False(_tokens.TryValidate(raw, Key, out _, out _));
        Assert.False(_tokens.TryValidate(raw, [], out _, out var failure));
        Assert.Contains("no signing key", failure);
    }

    [Fact]
    public void Another_workspaces_token_names_that_workspace_and_fails_with_this_ones_key()
    {
        var other = AccessTokens.Issue(AccessToken.Operator("other", "ann", _time.GetUtcNow(), TimeSpan.FromHours(1)), OtherKey);

        Assert.Equal("other", AccessTokens.ClaimedWorkspace(other));
        Assert.False(_tokens.TryValidate(other, Key, out _, out _));
        // Moving a token to another workspace changes its payload, so its signature no longer matches.
        var parts = other.Split('.');
        Assert.False(_tokens.TryValidate($"rt1.{Encode(Decode(parts[1]).Replace("\"other\"", "\"acme\""))}.{parts[2]}", OtherKey, out _, out _));
    }

    [Fact]
    public void A_token_works_until_its_expiry_second_and_not_from_then_on()
    {
        var raw = AccessTokens.Issue(Ann(TimeSpan.FromMinutes(10)), Key);

        _time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        Assert.True(_tokens.TryValidate(raw, Key, out _, out _));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(_tokens.TryValidate(raw, Key, out _, out var failure));
        Assert.Equal("expired token", failure);
    }

    [Fact]
    public void A_token_issued_beyond_the_clock_skew_in_the_future_fails()
    {
        var early = new AccessTokens(new FakeTimeProvider(_time.GetUtcNow() - AccessTokens.ClockSkew - TimeSpan.FromSeconds(1)));

        Assert.False(early.TryValidate(AccessTokens.Issue(Ann(), Key), Key, out _, out var failure));
        Assert.Contains("future", failure);
    }

    [Theory]
    [InlineData("")]
    [InlineData("rt1.")]
    [InlineData("rt1..")]
    [InlineData("rt1.abc")]
    [InlineData("rt1.abc.def")]
    [InlineData("rt2.eyJ9.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("rt1.e+J9.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("rt1.eyJ9.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.x")]
    [InlineData("rt1.eyJ9.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("acme.0123456789abcdef.0123")]
    public void Malformed_strings_fail_and_claim_no_workspace(string raw)
    {
        Assert.False(_tokens.TryValidate(raw, Key, out var token, out var failure));
        Assert.Null(token);
        Assert.Equal("malformed token", failure);
        Assert.Null(AccessTokens.ClaimedWorkspace(raw));
    }

    [Fact]
    public void An_overlong_token_fails_before_anything_is_decoded()
    {
        var raw = AccessTokens.Issue(Ann(), Key);
        var padded = $"rt1.{new string('A', AccessTokens.MaxLength)}.{raw[^43..]}";

        Assert.False(_tokens.TryValidate(padded, Key, out _, out var failure));
        Assert.Equal("malformed token", failure);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"workspaceId":"acme","kind":"admin","subject":"ann","issuedAt":1767603600,"expiresAt":1767607200}""")]
    [InlineData("""{"workspaceId":"acme","kind":"operator","subject":"ann","issuedAt":1767603600,"expiresAt":1767607200,"scope":"admin"}""")]
    [InlineData("""{"workspaceId":"acme","kind":"operator","subject":"ann","channel":"chat","issuedAt":1767603600,"expiresAt":1767607200}""")]
    [InlineData("""{"workspaceId":"acme","kind":"customer","subject":"visitor-1","issuedAt":1767603600,"expiresAt":1767607200}""")]
    [InlineData("""{"workspaceId":"acme","kind":"customer","subject":"visitor-1","channel":"fax","issuedAt":1767603600,"expiresAt":1767607200}""")]
    [InlineData("""{"workspaceId":"Acme!","kind":"operator","subject":"ann","issuedAt":1767603600,"expiresAt":1767607200}""")]
    [InlineData("""{"workspaceId":"acme","kind":"operator","subject":"a/b","issuedAt":1767603600,"expiresAt":1767607200}""")]
    [InlineData("""{"workspaceId":"acme","kind":"operator","subject":"ann","issuedAt":1767603600,"expiresAt":1767603600}""")]
    [InlineData("""{"workspaceId":"acme","kind":"operator","subject":"ann","issuedAt":1767603600,"expiresAt":1799999999}""")]
    [InlineData("""{"workspaceId":"acme","kind":"operator","subject":"ann","issuedAt":-5,"expiresAt":99999999999999}""")]
    public void A_correctly_signed_payload_that_is_not_a_valid_token_fails(string json)
    {
        var payload = Encode(json);
        var signature = Base64Url.EncodeToString(HMACSHA256.HashData(Key, Encoding.ASCII.GetBytes($"rt1.{payload}")));

        Assert.False(_tokens.TryValidate($"rt1.{payload}.{signature}", Key, out _, out var failure));
        Assert.Equal("malformed token", failure);
    }

    [Fact]
    public void Invalid_claims_or_a_short_key_are_never_signed()
    {
        Assert.Throws<ArgumentException>(() => AccessTokens.Issue(Ann(AccessToken.MaxLifetime + TimeSpan.FromMinutes(1)), Key));
        Assert.Throws<ArgumentException>(() => AccessTokens.Issue(Ann(TimeSpan.Zero), Key));
        Assert.Throws<ArgumentException>(() => AccessTokens.Issue(AccessToken.Operator("acme", "a/b", _time.GetUtcNow(), TimeSpan.FromHours(1)), Key));
        Assert.Throws<ArgumentException>(() => AccessTokens.Issue(AccessToken.Customer("acme", Channel.Chat, new string('x', 257), _time.GetUtcNow(), TimeSpan.FromHours(1)), Key));
        Assert.Throws<ArgumentException>(() => AccessTokens.Issue(Ann(), new byte[16]));
    }

    [Fact]
    public void The_longest_external_id_still_fits_in_a_token()
    {
        var longest = new string('\u4e2d', 254) + "\U0001F600"; // 256 characters, each escaped in JSON as \uXXXX
        var raw = AccessTokens.Issue(AccessToken.Customer("acme", Channel.Chat, longest, _time.GetUtcNow(), TimeSpan.FromDays(7)), Key);

        Assert.True(raw.Length <= AccessTokens.MaxLength, $"{raw.Length} characters");
        Assert.True(_tokens.TryValidate(raw, Key, out var token, out _));
        Assert.Equal(longest, token.Subject);
    }

    private static string Decode(string part) => Encoding.UTF8.GetString(Base64Url.DecodeFromChars(part));

    private static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
