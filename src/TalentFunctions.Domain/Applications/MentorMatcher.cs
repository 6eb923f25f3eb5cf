using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Domain.Applications;

/// <summary>Who may review an application, and in which order mentors are preferred.</summary>
public static class MentorMatcher
{
    /// <summary>
    /// Eligible mentors, best first: fewest open reviews, then a mentor whose language is the project's language, then
    /// the applicant's preferred language, then mentor id (for determinism). Mentors missing from
    /// <paramref name="openReviews"/> count as having none open.
    /// </summary>
    public static IReadOnlyList<MentorDefinition> Rank(
        ProgramDefinition program,
        ApplicationState state,
        IReadOnlyDictionary<string, int> openReviews)
    {
        int Load(MentorDefinition m) => openReviews.TryGetValue(m.Id, out var n) ? Math.Max(0, n) : 0;

        return
        [
            .. program.Mentors
                .Where(m => ConflictOf(m, state, program) is null && Load(m) < m.MaxOpenReviews)
                .OrderBy(Load)
                .ThenBy(m => LanguageRank(m, state))
                .ThenBy(m => m.Id, StringComparer.Ordinal),
        ];
    }

    /// <summary>Why <paramref name="mentor"/> may not review this application, or null when they may.</summary>
    public static string? ConflictOf(MentorDefinition mentor, ApplicationState state, ProgramDefinition program)
    {
        var history = state.Assignments.FirstOrDefault(a => a.MentorId == mentor.Id && a.Status != AssignmentStatus.Cancelled);
        if (history is not null)
        {
            return history.Status == AssignmentStatus.Conflict
                ? "declared a conflict with this application"
                : "already assigned to this application";
        }

        var schoolNames = SchoolNames(state.Applicant.School, program);
        var sharedSchool = mentor.Affiliations.FirstOrDefault(a => schoolNames.Contains(SchoolDefinition.Normalize(a)));
        if (sharedSchool is not null)
        {
            return $"shares the school '{sharedSchool}'";
        }

        var companies = (state.Applicant.Affiliations ?? []).Select(SchoolDefinition.Normalize).Where(c => c.Length > 0).ToHashSet();
        var sharedCompany = mentor.Affiliations.FirstOrDefault(a => companies.Contains(SchoolDefinition.Normalize(a)));
        if (sharedCompany is not null)
        {
            return $"shares the affiliation '{sharedCompany}'";
        }

        var domain = EmailAddress.DomainOf(state.Applicant.Email);
        if (domain.Length > 0 && domain == EmailAddress.DomainOf(mentor.Email))
        {
            return $"shares the email domain '{domain}'";
        }

        return null;
    }

    /// <summary>All normalised names of the applicant's school: as written, plus the id, name and aliases when recognised.</summary>
    private static HashSet<string> SchoolNames(string? school, ProgramDefinition program)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var written = SchoolDefinition.Normalize(school);
        if (written.Length > 0)
        {
            names.Add(written);
        }

        var known = program.Eligibility.FindSchool(school);
        if (known is not null)
        {
            names.UnionWith(known.AllNames.Select(SchoolDefinition.Normalize));
        }

        return names;
    }

    private static int LanguageRank(MentorDefinition m, ApplicationState state) =>
        string.Equals(m.PreferredLanguage, state.Project.Language, StringComparison.OrdinalIgnoreCase) ? 0
        : string.Equals(m.PreferredLanguage, state.Applicant.PreferredLanguage, StringComparison.OrdinalIgnoreCase) ? 1
        : 2;
}
