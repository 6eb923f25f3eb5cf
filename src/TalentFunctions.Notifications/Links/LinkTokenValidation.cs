namespace TalentFunctions.Notifications.Links;

/// <summary>The outcome of <see cref="LinkTokenService.Validate"/>: one of the nested cases.</summary>
public abstract record LinkTokenValidation
{
    private LinkTokenValidation()
    {
    }

    public bool IsValid => this is Valid;

    /// <summary>Signed by us, for the expected purpose, not expired.</summary>
    public sealed record Valid(LinkPurpose Purpose, string ApplicationId, string SubjectId, DateTimeOffset ExpiresAt) : LinkTokenValidation;

    /// <summary>Not a token at all (wrong shape, bad encoding, unknown version).</summary>
    public sealed record Malformed : LinkTokenValidation;

    /// <summary>Shaped like a token but not signed with our key: tampered or forged.</summary>
    public sealed record BadSignature : LinkTokenValidation;

    /// <summary>Genuine but past its expiry; the ids are trustworthy (for "this offer has expired" pages).</summary>
    public sealed record Expired(LinkPurpose Purpose, string ApplicationId, string SubjectId, DateTimeOffset ExpiresAt) : LinkTokenValidation;

    /// <summary>Genuine but made for another page (an offer token on the review page, say).</summary>
    public sealed record WrongPurpose(LinkPurpose Expected, LinkPurpose Actual) : LinkTokenValidation;
}
