using System.Security.Claims;

namespace TalentFunctions.Web.Security;

/// <summary>The staff roles as configured (<c>Staff:Members:{n}:Role</c>) and as claims: each includes the ones before it.</summary>
public static class StaffRoles
{
    public static IReadOnlyList<string> All { get; } =
        [ApiAuthentication.StaffReaderRole, ApiAuthentication.StaffDeciderRole, ApiAuthentication.StaffAdminRole];

    /// <summary>The role as written in the settings (any case), or null when it is not one.</summary>
    public static string? Parse(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Who did a staff action, as the audit timeline records it: the signed-in member's address, or
/// <see cref="ApiKey"/> for automation with the staff API key.
/// </summary>
public static class StaffActor
{
    /// <summary>The actor of commands sent with the <c>X-Api-Key</c> (no person behind it).</summary>
    public const string ApiKey = "staff-api-key";

    public static string Of(ClaimsPrincipal user) =>
        user.FindFirst(ClaimTypes.Email)?.Value is { Length: > 0 } email ? email
        : user.Identity?.IsAuthenticated == true ? ApiKey
        : throw new InvalidOperationException("Staff actions need an authenticated staff member: the endpoint lacks its staff policy.");
}
