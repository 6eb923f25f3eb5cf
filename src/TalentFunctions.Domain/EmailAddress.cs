namespace TalentFunctions.Domain;

/// <summary>The small amount of email-address knowledge the rules need.</summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>A pragmatic check: one <c>@</c>, a non-empty local part, a dotted domain, no whitespace.</summary>
    public static bool IsValid(string? address)
    {
        if (string.IsNullOrEmpty(address) || address.Length > MaxLength || address.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != address.LastIndexOf('@'))
        {
            return false;
        }

        var domain = address[(at + 1)..];
        var dot = domain.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < domain.Length - 1 && !domain.Contains("..", StringComparison.Ordinal);
    }

    /// <summary>The lower-cased domain of an address, or "" when there is none.</summary>
    public static string DomainOf(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return "";
        }

        var at = address.LastIndexOf('@');
        return at < 0 ? "" : address[(at + 1)..].Trim().ToLowerInvariant();
    }
}
