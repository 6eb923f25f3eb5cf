using System.Runtime.CompilerServices;
using TalentFunctions.Domain.Applications;
using ProgramDefinition = TalentFunctions.Domain.Programs.ProgramDefinition;
using TalentFunctions.Notifications;
using TalentFunctions.Notifications.Links;

namespace TalentFunctions.Workflow.Email;

/// <summary>Where links in emails point.</summary>
public sealed class EmailLinkOptions
{
    /// <summary>The public base URL of the app, e.g. https://talent.example.com (no trailing slash needed).</summary>
    public Uri PublicBaseUrl { get; set; } = new("http://localhost:7071");

    /// <summary>How long the status link in applicant emails works.</summary>
    public TimeSpan StatusLinkLifetime { get; set; } = TimeSpan.FromDays(365);
}

/// <summary>
/// Turns a domain <see cref="SendEmail"/> effect into a rendered <see cref="EmailMessage"/>: maps its facts to the
/// typed model of its kind (<see cref="EmailModel"/>), adds signed links (review, offer, status) that expire when what
/// they lead to does, and has the renderer format it in the recipient's language and time zone.
/// </summary>
public sealed class EmailComposer(EmailRenderer renderer, LinkTokenService tokens, EmailLinkOptions links, OrchestrationOptions options, TimeProvider time)
{
    public EmailMessage Compose(string effectId, SendEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var model = ToModel(email);
        var rendered = renderer.Render(model, email.To.Language);
        return new EmailMessage(effectId, email.ApplicationId, email.To.Address, email.To.Name, rendered.Subject, rendered.Text, rendered.Html, model.Kind);
    }

    /// <summary>
    /// An email to a program's staff about the program rather than one application (the retention summaries): to the
    /// staff address, in the staff language and the program's zone, with a link to the console.
    /// </summary>
    public EmailMessage ComposeForProgramStaff(string messageId, ProgramDefinition program, Func<EmailBasics, string, EmailModel> model)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(model);
        var name = program.Name.For(program.StaffLanguage);
        var typed = model(new EmailBasics(name, name, "", "", program.TimeZone), Absolute("console"));
        var rendered = renderer.Render(typed, program.StaffLanguage);
        return new EmailMessage(messageId, "", program.StaffEmail, name, rendered.Subject, rendered.Text, rendered.Html, typed.Kind);
    }

    /// <summary>The typed model of <paramref name="email"/>.</summary>
    /// <exception cref="InvalidDataException">A value its kind needs is missing from the effect.</exception>
    public EmailModel ToModel(SendEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var d = email.Data;
        var basics = new EmailBasics(email.To.Name, d.ProgramName, d.ProjectTitle, email.ApplicationId, d.TimeZone);
        var applicant = d.ApplicantName;
        // A mentor of a blind program is never told who the applicant is (ADR 0012); everyone else sees the name.
        var mentorApplicant = d.BlindReview == true ? LocalizedText.AnonymousApplicant(email.To.Language) : applicant;
        return email.Kind switch
        {
            EmailKind.DraftStarted => new DraftStartedEmail(basics, StatusUrl(email.ApplicationId), Need(d.Deadline, email)),
            EmailKind.DraftReminder72h => new DraftReminder72hEmail(basics, StatusUrl(email.ApplicationId), Need(d.Deadline, email)),
            EmailKind.DraftReminder24h => new DraftReminder24hEmail(basics, StatusUrl(email.ApplicationId), Need(d.Deadline, email)),
            EmailKind.SubmissionReceived => new SubmissionReceivedEmail(basics, StatusUrl(email.ApplicationId)),
            EmailKind.MarkedIncomplete => new MarkedIncompleteEmail(basics, Need(d.Deadline, email)),
            EmailKind.ScreenedOut => new ScreenedOutEmail(basics, [.. (d.Reasons ?? []).Select(ToModel)]),
            EmailKind.UnderReview => new UnderReviewEmail(basics, StatusUrl(email.ApplicationId)),
            EmailKind.OfferMade => new OfferMadeEmail(basics, OfferUrl(email), Need(d.ExpiresAt, email), d.Note),
            EmailKind.OfferReminder => new OfferReminderEmail(basics, OfferUrl(email), Need(d.ExpiresAt, email), d.Note),
            EmailKind.AcceptedWelcome => new AcceptedWelcomeEmail(basics, StatusUrl(email.ApplicationId)),
            EmailKind.Rejected => new RejectedEmail(basics, StatusUrl(email.ApplicationId), d.Note),
            EmailKind.Waitlisted => new WaitlistedEmail(basics, StatusUrl(email.ApplicationId), d.Note),
            EmailKind.WithdrawalConfirmed => new WithdrawalConfirmedEmail(basics, StatusUrl(email.ApplicationId)),
            EmailKind.MentorReviewRequest => new MentorReviewRequestEmail(basics, Need(d.MentorName, email), mentorApplicant, ReviewUrl(email), Need(d.DueAt, email), MyReviewsUrl(email)),
            EmailKind.MentorReviewReminder => new MentorReviewReminderEmail(basics, Need(d.MentorName, email), mentorApplicant, ReviewUrl(email), Need(d.DueAt, email), MyReviewsUrl(email)),
            EmailKind.MentorSlotReassigned => new MentorSlotReassignedEmail(basics, Need(d.MentorName, email), mentorApplicant),
            EmailKind.MentorThankYou => new MentorThankYouEmail(basics, Need(d.MentorName, email), mentorApplicant),
            EmailKind.MentorReviewCancelled => new MentorReviewCancelledEmail(basics, Need(d.MentorName, email), mentorApplicant),
            EmailKind.StaffReviewReassigned => new StaffReviewReassignedEmail(basics, applicant, StaffUrl(email.ApplicationId), d.MentorName),
            EmailKind.StaffNoMentorLeft => new StaffNoMentorLeftEmail(basics, applicant, StaffUrl(email.ApplicationId), d.UnfilledSlots),
            EmailKind.StaffApplicationReviewed => new StaffApplicationReviewedEmail(
                basics,
                applicant,
                StaffUrl(email.ApplicationId),
                Need(d.WeightedScore, email),
                [.. (d.Recommendations ?? []).Select(r => new RecommendationModel(r.MentorName, r.Recommendation.ToString()))],
                d.MentorName),
            EmailKind.StaffOfferAccepted => new StaffOfferAcceptedEmail(basics, applicant, StaffUrl(email.ApplicationId)),
            EmailKind.StaffOfferDeclined => new StaffOfferDeclinedEmail(basics, applicant, StaffUrl(email.ApplicationId)),
            EmailKind.StaffOfferExpired => new StaffOfferExpiredEmail(basics, applicant, StaffUrl(email.ApplicationId)),
            EmailKind.StaffNeedsAttention => new StaffNeedsAttentionEmail(basics, applicant, StaffUrl(email.ApplicationId), Need(d.AttentionReason, email), d.MentorName),
            EmailKind.StaffWaitlistNext => new StaffWaitlistNextEmail(basics, applicant, StaffUrl(email.ApplicationId), d.WeightedScore),
            _ => throw new InvalidDataException($"Email kind {email.Kind} has no model."),
        };
    }

    /// <summary>A domain screening reason as the email side's data: the Domain's reason names its codes.</summary>
    public static ScreeningReasonModel ToModel(ScreeningReasonData reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return new ScreeningReasonModel(Code(reason.Code), reason.Field, reason.Length, reason.Limit, reason.Note);
    }

    /// <summary>The code of <see cref="LocalizedText.ScreeningReasonCodes"/> for a Domain screening reason.</summary>
    public static string Code(ScreeningReason reason) => reason switch
    {
        ScreeningReason.SchoolNotRecognised => LocalizedText.ScreeningReasonCodes.SchoolNotRecognised,
        ScreeningReason.GraduatedTooLongAgo => LocalizedText.ScreeningReasonCodes.GraduatedTooLongAgo,
        ScreeningReason.GraduationYearInFuture => LocalizedText.ScreeningReasonCodes.GraduationYearInvalid,
        ScreeningReason.ProjectLanguageNotAccepted => LocalizedText.ScreeningReasonCodes.ProjectLanguageNotAccepted,
        ScreeningReason.MissingMaterial => LocalizedText.ScreeningReasonCodes.MissingMaterial,
        ScreeningReason.DuplicateApplication => LocalizedText.ScreeningReasonCodes.DuplicateApplication,
        ScreeningReason.TextTooLong => LocalizedText.ScreeningReasonCodes.TextTooLong,
        ScreeningReason.TrackNotOffered => LocalizedText.ScreeningReasonCodes.TrackNotOffered,
        ScreeningReason.StaffOverride => LocalizedText.ScreeningReasonCodes.StaffOverride,
        _ => reason.ToString(),
    };

    private string ReviewUrl(SendEmail email)
    {
        var token = tokens.Create(LinkPurpose.Review, email.ApplicationId, Need(email.Data.AssignmentId, email), Need(email.Data.DueAt, email) + options.ReviewLinkGrace);
        return Absolute("review/" + token);
    }

    /// <summary>The mentor's "my reviews" page (all their open reviews), valid as long as the review link; null without a mentor id.</summary>
    private string? MyReviewsUrl(SendEmail email) =>
        email.Data.MentorId is { Length: > 0 } mentorId && email.Data.DueAt is { } dueAt
            ? Absolute("mentor/" + tokens.Create(LinkPurpose.MentorReviews, email.Data.ProgramId, mentorId, dueAt + options.ReviewLinkGrace))
            : null;

    private string OfferUrl(SendEmail email)
    {
        var token = tokens.Create(LinkPurpose.Offer, email.ApplicationId, Need(email.Data.OfferId, email), Need(email.Data.ExpiresAt, email));
        return Absolute("offer/" + token);
    }

    private string StaffUrl(string applicationId) => Absolute($"api/staff/applications/{Uri.EscapeDataString(applicationId)}");

    private string StatusUrl(string applicationId)
    {
        var token = tokens.Create(LinkPurpose.Resume, applicationId, applicationId, time.GetUtcNow() + links.StatusLinkLifetime);
        return Absolute($"applications/{Uri.EscapeDataString(applicationId)}?token={token}");
    }

    private string Absolute(string relative)
    {
        var root = links.PublicBaseUrl.ToString().TrimEnd('/');
        return root + "/" + relative;
    }

    private static T Need<T>(T? value, SendEmail email, [CallerArgumentExpression(nameof(value))] string name = "")
        where T : class =>
        value ?? throw new InvalidDataException($"Email {email.Kind} of {email.ApplicationId} lacks {name}.");

    private static T Need<T>(T? value, SendEmail email, [CallerArgumentExpression(nameof(value))] string name = "")
        where T : struct =>
        value ?? throw new InvalidDataException($"Email {email.Kind} of {email.ApplicationId} lacks {name}.");
}
