using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Domain.Applications;

/// <summary>The automated screening: every reason an application is not eligible (empty = passes).</summary>
public static class ScreeningRules
{
    public static IReadOnlyList<ScreeningFinding> Evaluate(
        ApplicationState state,
        ProgramDefinition program,
        DateTimeOffset now,
        bool duplicateOfOtherApplication,
        string? duplicateApplicationId)
    {
        var findings = new List<ScreeningFinding>();
        if (program.FindTrack(state.Track) is null)
        {
            findings.Add(new(ScreeningReason.TrackNotOffered, $"track '{state.Track}' is not offered"));
        }

        if (program.Eligibility.FindSchool(state.Applicant.School) is null)
        {
            findings.Add(new(ScreeningReason.SchoolNotRecognised, $"'{state.Applicant.School}' is not a recognised film school"));
        }

        var year = ProgramYear(program, now);
        var graduation = state.Applicant.GraduationYear;
        if (graduation > year + 1)
        {
            findings.Add(new(ScreeningReason.GraduationYearInFuture, $"graduation year {graduation} is after {year + 1}"));
        }
        else if (year - graduation > program.Eligibility.MaxYearsSinceGraduation)
        {
            findings.Add(new(
                ScreeningReason.GraduatedTooLongAgo,
                $"graduated in {graduation}, more than {program.Eligibility.MaxYearsSinceGraduation} years before {year}"));
        }

        if (!program.Eligibility.AcceptsProjectLanguage(state.Project.Language))
        {
            findings.Add(new(
                ScreeningReason.ProjectLanguageNotAccepted,
                $"project language '{state.Project.Language}' is not one of {string.Join(", ", program.Eligibility.ProjectLanguages)}"));
        }

        foreach (var kind in MissingRequiredMaterials(state, program))
        {
            findings.Add(new(ScreeningReason.MissingMaterial, MaterialName(kind)) { Field = MaterialName(kind) });
        }

        if (duplicateOfOtherApplication)
        {
            findings.Add(new(
                ScreeningReason.DuplicateApplication,
                duplicateApplicationId is null
                    ? "the applicant already applied to this program in this cycle"
                    : $"the applicant already applied to this program in this cycle ({duplicateApplicationId})"));
        }

        foreach (var (field, length, limit) in DraftRules.TextsOverLimit(program, state.Project))
        {
            findings.Add(new(ScreeningReason.TextTooLong, $"{field} has {length} characters (limit {limit})") { Field = field, Length = length, Limit = limit });
        }

        return findings;
    }

    /// <summary>Required kinds with no verified material, in the program's order.</summary>
    public static IReadOnlyList<MaterialKind> MissingRequiredMaterials(ApplicationState state, ProgramDefinition program)
    {
        var verified = state.VerifiedKinds().ToHashSet();
        return [.. program.RequiredMaterials.Where(k => !verified.Contains(k))];
    }

    /// <summary>The lower-case name used in messages and JSON ("reel", "script", ...).</summary>
    public static string MaterialName(MaterialKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The calendar year in the program's time zone.</summary>
    public static int ProgramYear(ProgramDefinition program, DateTimeOffset now) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(program.TimeZone, out var zone)
            ? TimeZoneInfo.ConvertTime(now, zone).Year
            : now.UtcDateTime.Year;
}
