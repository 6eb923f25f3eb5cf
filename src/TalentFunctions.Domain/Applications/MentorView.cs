using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Domain.Applications;

/// <summary>A material as a mentor is shown it: the material, and the file name the mentor sees.</summary>
public sealed record MentorMaterial(Material Material, string FileName);

/// <summary>
/// What a mentor may see of an application. In a blind program (<see cref="ReviewSettings.Blind"/>) that is the
/// project, its track, and the script and reel under neutral file names (<c>script.pdf</c>, <c>reel.mp4</c>); never
/// the applicant's profile, and never the CV or lookbook, which stay with staff. Otherwise, every verified material
/// under the name it was uploaded with.
/// </summary>
public static class MentorView
{
    /// <summary>The kinds a mentor of a blind program may open: a list of what is allowed, so a new kind stays hidden.</summary>
    public static IReadOnlyList<MaterialKind> BlindKinds { get; } = [MaterialKind.Reel, MaterialKind.Script];

    public static bool IsBlind(ProgramDefinition program)
    {
        ArgumentNullException.ThrowIfNull(program);
        return program.Review.Blind;
    }

    /// <summary>True when a mentor of <paramref name="program"/> may open materials of <paramref name="kind"/>.</summary>
    public static bool MayOpen(ProgramDefinition program, MaterialKind kind) => !IsBlind(program) || BlindKinds.Contains(kind);

    /// <summary>The verified materials a mentor may open, in upload order, each with the file name the mentor sees.</summary>
    public static IReadOnlyList<MentorMaterial> Materials(ApplicationState application, ProgramDefinition program)
    {
        ArgumentNullException.ThrowIfNull(application);
        var blind = IsBlind(program);
        var shown = application.Materials.Where(m => m.Status == MaterialStatus.Verified && MayOpen(program, m.Kind)).ToList();
        if (!blind)
        {
            return [.. shown.Select(m => new MentorMaterial(m, m.FileName))];
        }

        var result = new List<MentorMaterial>(shown.Count);
        foreach (var group in shown.GroupBy(m => m.Kind))
        {
            var ordinal = 0;
            foreach (var material in group)
            {
                ordinal++;
                result.Add(new MentorMaterial(material, NeutralFileName(material.Kind, material.ContentType, group.Count() > 1 ? ordinal : null)));
            }
        }
        return [.. result.OrderBy(m => shown.IndexOf(m.Material))];
    }

    /// <summary>
    /// A file name that says only what the file is: the kind, a number when there are several of that kind, and the
    /// extension of the verified content type (<c>script.pdf</c>, <c>reel-2.mov</c>). Nothing of the name the applicant
    /// gave it, not even its extension.
    /// </summary>
    public static string NeutralFileName(MaterialKind kind, string? contentType, int? ordinal = null)
    {
        var stem = kind.ToString().ToLowerInvariant() + (ordinal is { } n ? "-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
        return stem + Extension(contentType);
    }

    private static string Extension(string? contentType) => MaterialRule.MediaType(contentType).ToLowerInvariant() switch
    {
        "application/pdf" => ".pdf",
        "video/mp4" => ".mp4",
        "video/quicktime" => ".mov",
        "video/webm" => ".webm",
        "video/x-matroska" => ".mkv",
        _ => "",
    };
}
