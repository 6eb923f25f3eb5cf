using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Workflow.Store;

namespace TalentFunctions.Web.Api;

public sealed record TimelineEntry(DateTimeOffset At, string Type, string Description);

public sealed record MaterialView(string MaterialId, MaterialKind Kind, string FileName, string ContentType, long Length, MaterialStatus Status);

public sealed record OfferView(string OfferId, DateTimeOffset OfferedAt, DateTimeOffset ExpiresAt, string Note);

/// <summary>What an applicant sees of their application.</summary>
public sealed record ApplicationView(
    string Id,
    string ProgramId,
    string Track,
    Stage Stage,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset Deadline,
    Applicant Applicant,
    Project Project,
    IReadOnlyList<MaterialView> Materials,
    IReadOnlyList<MaterialKind> MissingMaterials,
    IReadOnlyList<string>? ScreeningReasons,
    OfferView? Offer,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyDictionary<string, string> Links);

public static class ApplicationViews
{
    public static ApplicationView ForApplicant(ApplicationState s, ProgramDefinition? program, IReadOnlyList<StoredEvent> history)
    {
        var verified = s.VerifiedKinds().ToHashSet();
        var missing = program?.RequiredMaterials.Where(k => !verified.Contains(k)).ToList() ?? [];
        var self = $"/api/applications/{s.Id}";
        return new ApplicationView(
            s.Id, s.ProgramId, s.Track, s.Stage, s.Version, s.CreatedAt, s.UpdatedAt, s.SubmittedAt, s.Deadline,
            s.Applicant, s.Project,
            s.Materials.Select(m => new MaterialView(m.MaterialId, m.Kind, m.FileName, m.ContentType, m.Length, m.Status)).ToList(),
            missing,
            s.ScreeningResult is { Passed: false } r ? r.Reasons.Select(x => $"{x.Reason}: {x.Detail}").ToList() : null,
            s.Offer is { } o && s.Stage == Stage.Offered ? new OfferView(o.OfferId, o.OfferedAt, o.ExpiresAt, o.Note) : null,
            PublicTimeline(history),
            new Dictionary<string, string>
            {
                ["self"] = self,
                ["materials"] = self + "/materials",
                ["submit"] = self + "/submit",
                ["withdraw"] = self + "/withdraw",
            });
    }

    /// <summary>The events an applicant may see, in plain words (no mentor identities, no internals).</summary>
    public static IReadOnlyList<TimelineEntry> PublicTimeline(IEnumerable<StoredEvent> history) =>
        history.Select(e => e.Event switch
        {
            DraftCreated => new TimelineEntry(e.At, "draft-created", "Application started."),
            MaterialAttached m => new TimelineEntry(e.At, "material-attached", $"Material {m.MaterialId} uploaded and verified."),
            Submitted => new TimelineEntry(e.At, "submitted", "Application submitted."),
            ScreenedIn => new TimelineEntry(e.At, "screened-in", "Screening passed; the application is under mentor review."),
            ScreenedOut => new TimelineEntry(e.At, "screened-out", "The application did not pass screening."),
            ScreeningOverridden => new TimelineEntry(e.At, "screening-overridden", "Screening was reviewed by program staff."),
            ReviewsCompleted => new TimelineEntry(e.At, "reviewed", "Mentor reviews are complete; a decision follows."),
            OfferMade => new TimelineEntry(e.At, "offer-made", "An offer was made."),
            OfferAccepted => new TimelineEntry(e.At, "offer-accepted", "Offer accepted. Welcome!"),
            OfferDeclined => new TimelineEntry(e.At, "offer-declined", "Offer declined."),
            OfferExpired => new TimelineEntry(e.At, "offer-expired", "The offer expired."),
            Rejected => new TimelineEntry(e.At, "rejected", "The program could not offer a place this time."),
            Waitlisted => new TimelineEntry(e.At, "waitlisted", "The application is on the waitlist."),
            Withdrew => new TimelineEntry(e.At, "withdrawn", "Application withdrawn."),
            MarkedIncomplete => new TimelineEntry(e.At, "incomplete", "The deadline passed before the application was submitted."),
            _ => null,
        }).OfType<TimelineEntry>().ToList();
}
