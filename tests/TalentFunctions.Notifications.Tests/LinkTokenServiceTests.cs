using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using TalentFunctions.Notifications.Links;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Notifications.Tests;

public sealed class LinkTokenServiceTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray();
    private static readonly DateTimeOffset Now = new(2027, 4, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ManualTimeProvider clock = new(Now);
    private readonly LinkTokenService service;

    public LinkTokenServiceTests()
    {
        service = new LinkTokenService(LinkTokenOptions.FromKey(Key), clock);
    }

    [Theory]
    [InlineData(LinkPurpose.Review, "app-01HX3", "asg-2")]
    [InlineData(LinkPurpose.Offer, "app-01HX3", "offer-1")]
    [InlineData(LinkPurpose.Resume, "app-01HX3", "app-01HX3")]
    [InlineData(LinkPurpose.Offer, "申请-林小雨-🎬", "offer/with?odd&chars=1")]
    public void A_token_round_trips(LinkPurpose purpose, string applicationId, string subjectId)
    {
        var expiresAt = Now.AddDays(14).AddMilliseconds(789);

        var token = service.Create(purpose, applicationId, subjectId, expiresAt);
        var result = service.Validate(token, purpose);

        var valid = Assert.IsType<LinkTokenValidation.Valid>(result);
        Assert.True(result.IsValid);
        Assert.Equal((purpose, applicationId, subjectId), (valid.Purpose, valid.ApplicationId, valid.SubjectId));
        Assert.Equal(Now.AddDays(14), valid.ExpiresAt); // one-second precision
        Assert.Matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$", token);
        Assert.Equal(token, Uri.EscapeDataString(token));
    }

    [Fact]
    public void Tokens_differ_per_subject_and_purpose()
    {
        var tokens = new[]
        {
            service.Create(LinkPurpose.Review, "app-1", "asg-1", Now.AddDays(1)),
            service.Create(LinkPurpose.Review, "app-1", "asg-2", Now.AddDays(1)),
            service.Create(LinkPurpose.Offer, "app-1", "asg-1", Now.AddDays(1)),
            service.Create(LinkPurpose.Review, "app-2", "asg-1", Now.AddDays(1)),
            service.Create(LinkPurpose.Review, "app-1", "asg-1", Now.AddDays(2)),
        };

        Assert.Equal(tokens.Length, tokens.Distinct().Count());
    }

    [Theory]
    [InlineData(10)] // last byte of the subject id
    [InlineData(5)] // inside the expiry: extending a link's life
    [InlineData(1)] // the purpose: turning a review link into an offer link
    public void A_tampered_payload_fails_the_signature(int indexFromHeader)
    {
        var token = service.Create(LinkPurpose.Review, "app-1", "asg-1", Now.AddDays(1));
        var (payload, mac) = Split(token);
        var index = indexFromHeader == 10 ? payload.Length - 1 : indexFromHeader;
        payload[index] = indexFromHeader == 1 ? (byte)LinkPurpose.Offer : (byte)(payload[index] ^ 0x01);

        var result = service.Validate(Base64Url.EncodeToString(payload) + "." + mac, LinkPurpose.Review);

        Assert.IsType<LinkTokenValidation.BadSignature>(result);
    }

    [Fact]
    public void A_tampered_signature_fails()
    {
        var token = service.Create(LinkPurpose.Offer, "app-1", "offer-1", Now.AddDays(1));
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var flipped = token[dot + 1] == 'A' ? 'B' : 'A';
        var tampered = token[..(dot + 1)] + flipped + token[(dot + 2)..];

        Assert.IsType<LinkTokenValidation.BadSignature>(service.Validate(tampered, LinkPurpose.Offer));
    }

    [Fact]
    public void A_token_signed_with_another_key_fails()
    {
        var other = new LinkTokenService(LinkTokenOptions.FromKey(RandomNumberGenerator.GetBytes(32)), clock);
        var token = other.Create(LinkPurpose.Offer, "app-1", "offer-1", Now.AddDays(1));

        Assert.IsType<LinkTokenValidation.BadSignature>(service.Validate(token, LinkPurpose.Offer));
    }

    [Fact]
    public void A_token_expires_at_its_expiry()
    {
        var token = service.Create(LinkPurpose.Offer, "app-1", "offer-1", Now.AddHours(1));

        clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        Assert.IsType<LinkTokenValidation.Valid>(service.Validate(token, LinkPurpose.Offer));

        clock.Advance(TimeSpan.FromSeconds(1));
        var expired = Assert.IsType<LinkTokenValidation.Expired>(service.Validate(token, LinkPurpose.Offer));
        Assert.Equal(("app-1", "offer-1", Now.AddHours(1)), (expired.ApplicationId, expired.SubjectId, expired.ExpiresAt));
        Assert.False(expired.IsValid);
    }

    [Fact]
    public void A_token_for_another_purpose_is_refused()
    {
        var token = service.Create(LinkPurpose.Offer, "app-1", "offer-1", Now.AddDays(1));

        var result = service.Validate(token, LinkPurpose.Review);

        Assert.Equal(new LinkTokenValidation.WrongPurpose(LinkPurpose.Review, LinkPurpose.Offer), result);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData(".")]
    [InlineData("a.b.c")]
    [InlineData("!!!!.@@@@")]
    [InlineData("AAAA.AAAA")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("林小雨.🎬")]
    public void Garbage_is_malformed(string? token)
    {
        Assert.IsType<LinkTokenValidation.Malformed>(service.Validate(token, LinkPurpose.Review));
    }

    [Fact]
    public void An_overlong_token_is_malformed()
    {
        Assert.IsType<LinkTokenValidation.Malformed>(service.Validate(new string('A', 5000) + ".AAAA", LinkPurpose.Review));
    }

    [Fact]
    public void A_correctly_signed_payload_of_an_unknown_version_is_malformed()
    {
        var token = service.Create(LinkPurpose.Review, "app-1", "asg-1", Now.AddDays(1));
        var (payload, _) = Split(token);
        payload[0] = 2;
        var resigned = Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(Key, payload));

        Assert.IsType<LinkTokenValidation.Malformed>(service.Validate(resigned, LinkPurpose.Review));
    }

    [Fact]
    public void A_correctly_signed_payload_with_trailing_bytes_is_malformed()
    {
        var (payload, _) = Split(service.Create(LinkPurpose.Review, "app-1", "asg-1", Now.AddDays(1)));
        byte[] longer = [.. payload, 0x41];
        var resigned = Base64Url.EncodeToString(longer) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(Key, longer));

        Assert.IsType<LinkTokenValidation.Malformed>(service.Validate(resigned, LinkPurpose.Review));
        Assert.Equal(Now.AddDays(1).ToUnixTimeSeconds(), BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(2)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("c2hvcnQta2V5")] // "short-key": 9 bytes
    public void A_missing_invalid_or_short_key_is_refused(string key)
    {
        var options = new LinkTokenOptions { SigningKey = key };

        Assert.Single(options.Validate());
        Assert.Throws<ArgumentException>(() => new LinkTokenService(options, clock));
    }

    [Fact]
    public void A_31_byte_key_is_too_short_and_32_is_enough()
    {
        Assert.Throws<ArgumentException>(() => new LinkTokenService(LinkTokenOptions.FromKey(new byte[31]), clock));
        Assert.Empty(LinkTokenOptions.FromKey(new byte[32]).Validate());
        Assert.Empty(new LinkTokenOptions { SigningKey = Base64Url.EncodeToString(Key) }.Validate());
    }

    [Fact]
    public void Links_signed_with_a_previous_key_keep_working_after_rotation()
    {
        var oldToken = service.Create(LinkPurpose.Offer, "app-1", "offer-1", Now.AddDays(3));
        var rotatedOptions = LinkTokenOptions.FromKey(RandomNumberGenerator.GetBytes(48));
        rotatedOptions.PreviousSigningKeys.Add(Convert.ToBase64String(Key));
        var rotated = new LinkTokenService(rotatedOptions, clock);

        Assert.IsType<LinkTokenValidation.Valid>(rotated.Validate(oldToken, LinkPurpose.Offer));
        Assert.IsType<LinkTokenValidation.BadSignature>(service.Validate(rotated.Create(LinkPurpose.Offer, "app-1", "offer-1", Now.AddDays(3)), LinkPurpose.Offer));
    }

    [Fact]
    public void Empty_or_overlong_ids_are_refused()
    {
        Assert.Throws<ArgumentException>(() => service.Create(LinkPurpose.Review, "", "asg-1", Now));
        Assert.Throws<ArgumentException>(() => service.Create(LinkPurpose.Review, "app-1", new string('x', 256), Now));
        Assert.Throws<ArgumentException>(() => service.Create((LinkPurpose)9, "app-1", "asg-1", Now));
    }

    private static (byte[] Payload, string Mac) Split(string token)
    {
        var parts = token.Split('.');
        return (Base64Url.DecodeFromChars(parts[0]), parts[1]);
    }
}
