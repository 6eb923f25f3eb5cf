using System.Globalization;
using static TalentFunctions.Notifications.EmailModelKeys;

namespace TalentFunctions.Notifications;

/// <summary>
/// What every email shows: who it is to, the program (named in the recipient's language), the project, the
/// application, and the IANA/Windows zone the recipient's times are shown in (UTC when unknown).
/// </summary>
public sealed record EmailBasics(string RecipientName, string ProgramName, string ProjectTitle, string ApplicationId, string? TimeZone);

/// <summary>One screening reason as data: a code of <see cref="LocalizedText.ScreeningReasonCodes"/> and its parameters
/// (<see cref="Field"/>, <see cref="Length"/>, <see cref="Limit"/> for text-too-long; <see cref="Field"/> for
/// missing-material; <see cref="Note"/> for staff-override).</summary>
public sealed record ScreeningReasonModel(string Code, string? Field = null, int? Length = null, int? Limit = null, string? Note = null);

/// <summary>A mentor's recommendation in <see cref="StaffApplicationReviewedEmail"/>.</summary>
public sealed record RecommendationModel(string MentorName, string Recommendation);

/// <summary>
/// The typed model of one email: one sealed record per <see cref="EmailKinds"/> kind (kinds of the same shape share an
/// abstract base: <see cref="DraftEmail"/>, <see cref="StatusEmail"/>, <see cref="OfferEmail"/>, <see cref="MentorEmail"/>,
/// <see cref="MentorReviewEmail"/>, <see cref="StaffEmail"/>). Values are data (instants, codes,
/// numbers); <see cref="EmailRenderer.Render(EmailModel, string)"/> formats them for the recipient's language and zone
/// into the template values of <see cref="EmailModelContract"/>.
/// </summary>
public abstract record EmailModel(EmailBasics Basics)
{
    /// <summary>The kind (one of <see cref="EmailKinds.All"/>), which names the templates.</summary>
    public abstract string Kind { get; }

    /// <summary>The template values, formatted for <paramref name="language"/> and <see cref="EmailBasics.TimeZone"/>.</summary>
    public IReadOnlyDictionary<string, object?> ToTemplateModel(string language)
    {
        var values = new TemplateValues(language, Basics.TimeZone);
        values[RecipientName] = Basics.RecipientName;
        values[ProgramName] = Basics.ProgramName;
        values[ProjectTitle] = Basics.ProjectTitle;
        values[EmailModelKeys.ApplicationId] = Basics.ApplicationId;
        Fill(values);
        return values.Model;
    }

    private protected abstract void Fill(TemplateValues values);

    /// <summary>Template values under construction, with the formatting rules for this recipient.</summary>
    private protected sealed class TemplateValues(string language, string? timeZone)
    {
        public Dictionary<string, object?> Model { get; } = new(StringComparer.Ordinal);

        public string Language { get; } = language;

        public object? this[string key]
        {
            set => Model[key] = value;
        }

        public void Time(string key, DateTimeOffset? value)
        {
            if (value is { } t)
            {
                Model[key] = EmailFormat.Time(t, timeZone);
            }
        }

        /// <summary>Sets an optional value when there is one (absent values render as absent).</summary>
        public void Optional(string key, object? value)
        {
            if (value is not null)
            {
                Model[key] = value;
            }
        }

        /// <summary>The note of applicant emails: empty when there is none.</summary>
        public void Note(string? note) => Model[EmailModelKeys.Note] = note ?? "";
    }
}

/// <summary>How emails show values.</summary>
public static class EmailFormat
{
    /// <summary>"2027-03-31 23:59 (Asia/Shanghai)": the instant in <paramref name="timeZone"/> (UTC when unknown),
    /// unambiguous in both languages.</summary>
    public static string Time(DateTimeOffset time, string? timeZone)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone ?? "", out var z) ? z : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(time, zone);
        return local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + $" ({zone.Id})";
    }

    /// <summary>A weighted review score: two decimals ("3.80").</summary>
    public static string Score(double score) => score.ToString("0.00", CultureInfo.InvariantCulture);
}

// ——— To applicants ———

/// <summary>Shape of the draft emails: a link back to the draft and its deadline.</summary>
public abstract record DraftEmail(EmailBasics Basics, string ResumeUrl, DateTimeOffset Deadline) : EmailModel(Basics)
{
    private protected override void Fill(TemplateValues values)
    {
        values[EmailModelKeys.ResumeUrl] = ResumeUrl;
        values.Time(EmailModelKeys.Deadline, Deadline);
    }
}

public sealed record DraftStartedEmail(EmailBasics Basics, string ResumeUrl, DateTimeOffset Deadline) : DraftEmail(Basics, ResumeUrl, Deadline)
{
    public override string Kind => EmailKinds.DraftStarted;
}

public sealed record DraftReminder72hEmail(EmailBasics Basics, string ResumeUrl, DateTimeOffset Deadline) : DraftEmail(Basics, ResumeUrl, Deadline)
{
    public override string Kind => EmailKinds.DraftReminder72h;
}

public sealed record DraftReminder24hEmail(EmailBasics Basics, string ResumeUrl, DateTimeOffset Deadline) : DraftEmail(Basics, ResumeUrl, Deadline)
{
    public override string Kind => EmailKinds.DraftReminder24h;
}

public sealed record SubmissionReceivedEmail(EmailBasics Basics, string StatusUrl, DateTimeOffset? SubmittedAt = null) : EmailModel(Basics)
{
    public override string Kind => EmailKinds.SubmissionReceived;

    private protected override void Fill(TemplateValues values)
    {
        values[EmailModelKeys.StatusUrl] = StatusUrl;
        values.Time(EmailModelKeys.SubmittedAt, SubmittedAt);
    }
}

public sealed record MarkedIncompleteEmail(EmailBasics Basics, DateTimeOffset Deadline) : EmailModel(Basics)
{
    public override string Kind => EmailKinds.MarkedIncomplete;

    private protected override void Fill(TemplateValues values) => values.Time(EmailModelKeys.Deadline, Deadline);
}

/// <summary>The reasons are localised by <see cref="LocalizedText.ScreeningReasons"/> in the recipient's language.</summary>
public sealed record ScreenedOutEmail(EmailBasics Basics, IReadOnlyList<ScreeningReasonModel> Reasons) : EmailModel(Basics)
{
    public override string Kind => EmailKinds.ScreenedOut;

    private protected override void Fill(TemplateValues values) =>
        values[EmailModelKeys.Reasons] = LocalizedText.ScreeningReasons(Reasons, values.Language);
}

/// <summary>Shape of the applicant emails that link to the status page, with an optional note from staff.</summary>
public abstract record StatusEmail(EmailBasics Basics, string StatusUrl) : EmailModel(Basics)
{
    private protected override void Fill(TemplateValues values) => values[EmailModelKeys.StatusUrl] = StatusUrl;
}

public sealed record UnderReviewEmail(EmailBasics Basics, string StatusUrl) : StatusEmail(Basics, StatusUrl)
{
    public override string Kind => EmailKinds.UnderReview;
}

public sealed record AcceptedWelcomeEmail(EmailBasics Basics, string StatusUrl) : StatusEmail(Basics, StatusUrl)
{
    public override string Kind => EmailKinds.AcceptedWelcome;
}

public sealed record WithdrawalConfirmedEmail(EmailBasics Basics, string StatusUrl) : StatusEmail(Basics, StatusUrl)
{
    public override string Kind => EmailKinds.WithdrawalConfirmed;
}

/// <summary>
/// The last email to an applicant whose personal data is being erased: no link (the application page goes with the
/// data), sent before the address is forgotten.
/// </summary>
public sealed record ErasureConfirmedEmail(EmailBasics Basics) : EmailModel(Basics)
{
    public override string Kind => EmailKinds.ErasureConfirmed;

    private protected override void Fill(TemplateValues values)
    {
    }
}

public sealed record RejectedEmail(EmailBasics Basics, string StatusUrl, string? Note = null) : StatusEmail(Basics, StatusUrl)
{
    public override string Kind => EmailKinds.Rejected;

    private protected override void Fill(TemplateValues values)
    {
        base.Fill(values);
        values.Note(Note);
    }
}

public sealed record WaitlistedEmail(EmailBasics Basics, string StatusUrl, string? Note = null) : StatusEmail(Basics, StatusUrl)
{
    public override string Kind => EmailKinds.Waitlisted;

    private protected override void Fill(TemplateValues values)
    {
        base.Fill(values);
        values.Note(Note);
    }
}

/// <summary>Shape of the offer emails: the signed offer link, when the offer expires, the staff's note.</summary>
public abstract record OfferEmail(EmailBasics Basics, string OfferUrl, DateTimeOffset ExpiresAt, string? Note) : EmailModel(Basics)
{
    private protected override void Fill(TemplateValues values)
    {
        values[EmailModelKeys.OfferUrl] = OfferUrl;
        values.Time(EmailModelKeys.ExpiresAt, ExpiresAt);
        values.Note(Note);
    }
}

public sealed record OfferMadeEmail(EmailBasics Basics, string OfferUrl, DateTimeOffset ExpiresAt, string? Note = null)
    : OfferEmail(Basics, OfferUrl, ExpiresAt, Note)
{
    public override string Kind => EmailKinds.OfferMade;
}

public sealed record OfferReminderEmail(EmailBasics Basics, string OfferUrl, DateTimeOffset ExpiresAt, string? Note = null)
    : OfferEmail(Basics, OfferUrl, ExpiresAt, Note)
{
    public override string Kind => EmailKinds.OfferReminder;
}

// ——— To mentors ———

/// <summary>Shape of the mentor emails: whose application.</summary>
public abstract record MentorEmail(EmailBasics Basics, string MentorName, string ApplicantName) : EmailModel(Basics)
{
    private protected override void Fill(TemplateValues values)
    {
        values[EmailModelKeys.MentorName] = MentorName;
        values[EmailModelKeys.ApplicantName] = ApplicantName;
    }
}

/// <summary>Shape of the mentor emails asking for a review: the signed review link and when it is due.</summary>
/// <remarks><see cref="MyReviewsUrl"/>: the mentor's list of all their open reviews, when the workflow knows the mentor.</remarks>
public abstract record MentorReviewEmail(EmailBasics Basics, string MentorName, string ApplicantName, string ReviewUrl, DateTimeOffset DueAt, string? MyReviewsUrl = null)
    : MentorEmail(Basics, MentorName, ApplicantName)
{
    private protected override void Fill(TemplateValues values)
    {
        base.Fill(values);
        values[EmailModelKeys.ReviewUrl] = ReviewUrl;
        values.Time(EmailModelKeys.DueAt, DueAt);
        values.Optional(EmailModelKeys.MyReviewsUrl, MyReviewsUrl);
    }
}

public sealed record MentorReviewRequestEmail(EmailBasics Basics, string MentorName, string ApplicantName, string ReviewUrl, DateTimeOffset DueAt, string? MyReviewsUrl = null)
    : MentorReviewEmail(Basics, MentorName, ApplicantName, ReviewUrl, DueAt, MyReviewsUrl)
{
    public override string Kind => EmailKinds.MentorReviewRequest;
}

public sealed record MentorReviewReminderEmail(EmailBasics Basics, string MentorName, string ApplicantName, string ReviewUrl, DateTimeOffset DueAt, string? MyReviewsUrl = null)
    : MentorReviewEmail(Basics, MentorName, ApplicantName, ReviewUrl, DueAt, MyReviewsUrl)
{
    public override string Kind => EmailKinds.MentorReviewReminder;
}

public sealed record MentorSlotReassignedEmail(EmailBasics Basics, string MentorName, string ApplicantName) : MentorEmail(Basics, MentorName, ApplicantName)
{
    public override string Kind => EmailKinds.MentorSlotReassigned;
}

public sealed record MentorThankYouEmail(EmailBasics Basics, string MentorName, string ApplicantName) : MentorEmail(Basics, MentorName, ApplicantName)
{
    public override string Kind => EmailKinds.MentorThankYou;
}

public sealed record MentorReviewCancelledEmail(EmailBasics Basics, string MentorName, string ApplicantName) : MentorEmail(Basics, MentorName, ApplicantName)
{
    public override string Kind => EmailKinds.MentorReviewCancelled;
}

// ——— To program staff ———

/// <summary>Shape of the staff emails: whose application and the link to it in the staff API.</summary>
public abstract record StaffEmail(EmailBasics Basics, string ApplicantName, string StaffUrl) : EmailModel(Basics)
{
    private protected override void Fill(TemplateValues values)
    {
        values[EmailModelKeys.ApplicantName] = ApplicantName;
        values[EmailModelKeys.StaffUrl] = StaffUrl;
    }
}

/// <summary><see cref="MentorName"/> is the mentor whose slot went to another; <see cref="Reason"/> why, for staff.</summary>
public sealed record StaffReviewReassignedEmail(EmailBasics Basics, string ApplicantName, string StaffUrl, string? MentorName = null, string? Reason = null)
    : StaffEmail(Basics, ApplicantName, StaffUrl)
{
    public override string Kind => EmailKinds.StaffReviewReassigned;

    private protected override void Fill(TemplateValues values)
    {
        base.Fill(values);
        values.Optional(EmailModelKeys.MentorName, MentorName);
        values.Optional(EmailModelKeys.Reason, Reason);
    }
}

public sealed record StaffNoMentorLeftEmail(EmailBasics Basics, string ApplicantName, string StaffUrl, int? UnfilledSlots = null, string? Reason = null)
    : StaffEmail(Basics, ApplicantName, StaffUrl)
{
    public override string Kind => EmailKinds.StaffNoMentorLeft;

    private protected override void Fill(TemplateValues values)
    {
        base.Fill(values);
        values.Optional(EmailModelKeys.UnfilledSlots, UnfilledSlots?.ToString(CultureInfo.InvariantCulture));
        values.Optional(EmailModelKeys.Reason, Reason);
    }
}

/// <summary><see cref="Recommendations"/> show as "mentor: recommendation"; the score with two decimals.</summary>
public sealed record StaffApplicationReviewedEmail(
    EmailBasics Basics,
    string ApplicantName,
    string StaffUrl,
    double Score,
    IReadOnlyList<RecommendationModel> Recommendations,
    string? MentorName = null) : StaffEmail(Basics, ApplicantName, StaffUrl)
{
    public override string Kind => EmailKinds.StaffApplicationReviewed;

    private protected override void Fill(TemplateValues values)
    {
        base.Fill(values);
        values[EmailModelKeys.Score] = EmailFormat.Score(Score);
        values[EmailModelKeys.Recommendations] = Recommendations.Select(r => $"{r.MentorName}: {r.Recommendation}").ToArray();
        values.Optional(EmailModelKeys.MentorName, MentorName);
    }
}

public sealed record StaffOfferAcceptedEmail(EmailBasics Basics, string ApplicantName, string StaffUrl) : StaffEmail(Basics, ApplicantName, StaffUrl)
{
    public override string Kind => EmailKinds.StaffOfferAccepted;
}

public sealed record StaffOfferDeclinedEmail(EmailBasics Basics, string ApplicantName, string StaffUrl) : StaffEmail(Basics, ApplicantName, StaffUrl)
{
    public override string Kind => EmailKinds.StaffOfferDeclined;
}

public sealed record StaffOfferExpiredEmail(EmailBasics Basics, string ApplicantName, string StaffUrl) : StaffEmail(Basics, ApplicantName, StaffUrl)
{
    public override string Kind => EmailKinds.StaffOfferExpired;
}

/// <summary>
/// The waitlisted application staff should consider for a freed seat (its applicant, project and staff link); the
/// score with two decimals when it has one.
/// </summary>
public sealed record StaffWaitlistNextEmail(EmailBasics Basics, string ApplicantName, string StaffUrl, double? Score = null)
    : StaffEmail(Basics, ApplicantName, StaffUrl)
{
    public override string Kind => EmailKinds.StaffWaitlistNext;

    private protected override void Fill(TemplateValues values)
    {
        base.Fill(values);
        values.Optional(EmailModelKeys.Score, Score is { } score ? EmailFormat.Score(score) : null);
    }
}

/// <summary><see cref="Reason"/> is what needs attention, for staff; <see cref="MentorName"/> the mentor concerned, if any.</summary>
public sealed record StaffNeedsAttentionEmail(EmailBasics Basics, string ApplicantName, string StaffUrl, string Reason, string? MentorName = null)
    : StaffEmail(Basics, ApplicantName, StaffUrl)
{
    public override string Kind => EmailKinds.StaffNeedsAttention;

    private protected override void Fill(TemplateValues values)
    {
        base.Fill(values);
        values[EmailModelKeys.Reason] = Reason;
        values.Optional(EmailModelKeys.MentorName, MentorName);
    }
}

// ——— Staff sign-in ———

/// <summary>
/// The one-time console sign-in link for a staff member. Not about an application: <see cref="EmailBasics"/> carries the
/// console's name as the program and empty project and application ids.
/// </summary>
public sealed record StaffSignInEmail(EmailBasics Basics, string SignInUrl, DateTimeOffset ExpiresAt) : EmailModel(Basics)
{
    public override string Kind => EmailKinds.StaffSignIn;

    private protected override void Fill(TemplateValues values)
    {
        values[EmailModelKeys.SignInUrl] = SignInUrl;
        values.Time(EmailModelKeys.ExpiresAt, ExpiresAt);
    }
}

// ——— Retention sweep (per program, after a selection cycle closes) ———

/// <summary>
/// Sent to program staff some days before the retention sweep of <see cref="Cycle"/>: at <see cref="SweepAt"/> the
/// materials of the <see cref="ToReduce"/> applications that were not accepted are deleted and their records reduced
/// to anonymised statistics; the <see cref="Accepted"/> accepted applications are kept. Not about an application:
/// <see cref="EmailBasics"/> carries empty project title and application id. Counts render as plain integers.
/// </summary>
public sealed record StaffRetentionUpcomingEmail(EmailBasics Basics, string Cycle, DateTimeOffset SweepAt, int ToReduce, int Accepted, string ConsoleUrl)
    : EmailModel(Basics)
{
    public override string Kind => EmailKinds.StaffRetentionUpcoming;

    private protected override void Fill(TemplateValues values)
    {
        values[EmailModelKeys.Cycle] = Cycle;
        values.Time(EmailModelKeys.SweepAt, SweepAt);
        values[EmailModelKeys.ToReduce] = ToReduce.ToString(CultureInfo.InvariantCulture);
        values[EmailModelKeys.Accepted] = Accepted.ToString(CultureInfo.InvariantCulture);
        values[EmailModelKeys.ConsoleUrl] = ConsoleUrl;
    }
}

/// <summary>
/// Sent to program staff after the retention sweep of <see cref="Cycle"/> finished at <see cref="SweptAt"/>:
/// <see cref="Reduced"/> applications reduced to anonymised statistics, <see cref="Accepted"/> kept. Not about an
/// application (see <see cref="StaffRetentionUpcomingEmail"/>).
/// </summary>
public sealed record StaffRetentionDoneEmail(EmailBasics Basics, string Cycle, DateTimeOffset SweptAt, int Reduced, int Accepted, string ConsoleUrl)
    : EmailModel(Basics)
{
    public override string Kind => EmailKinds.StaffRetentionDone;

    private protected override void Fill(TemplateValues values)
    {
        values[EmailModelKeys.Cycle] = Cycle;
        values.Time(EmailModelKeys.SweptAt, SweptAt);
        values[EmailModelKeys.Reduced] = Reduced.ToString(CultureInfo.InvariantCulture);
        values[EmailModelKeys.Accepted] = Accepted.ToString(CultureInfo.InvariantCulture);
        values[EmailModelKeys.ConsoleUrl] = ConsoleUrl;
    }
}
