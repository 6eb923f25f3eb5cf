namespace TalentFunctions.Notifications;

/// <summary>
/// The names of every email the workflow sends. The workflow passes the kind as a string; these constants are the
/// only valid values and also name the template files (<c>Templates/{language}/{kind}.subject.hbs</c> …).
/// </summary>
public static class EmailKinds
{
    // To applicants.
    public const string DraftStarted = nameof(DraftStarted);
    public const string SubmissionReceived = nameof(SubmissionReceived);
    public const string DraftReminder72h = nameof(DraftReminder72h);
    public const string DraftReminder24h = nameof(DraftReminder24h);
    public const string MarkedIncomplete = nameof(MarkedIncomplete);
    public const string ScreenedOut = nameof(ScreenedOut);
    public const string UnderReview = nameof(UnderReview);
    public const string OfferMade = nameof(OfferMade);
    public const string OfferReminder = nameof(OfferReminder);
    public const string AcceptedWelcome = nameof(AcceptedWelcome);
    public const string Rejected = nameof(Rejected);
    public const string Waitlisted = nameof(Waitlisted);
    public const string WithdrawalConfirmed = nameof(WithdrawalConfirmed);

    /// <summary>The applicant's personal data is being erased at their or staff's request (the last email to them).</summary>
    public const string ErasureConfirmed = nameof(ErasureConfirmed);

    // To mentors.
    public const string MentorReviewRequest = nameof(MentorReviewRequest);
    public const string MentorReviewReminder = nameof(MentorReviewReminder);
    public const string MentorSlotReassigned = nameof(MentorSlotReassigned);
    public const string MentorThankYou = nameof(MentorThankYou);

    /// <summary>The mentor's open review is no longer needed (the application was withdrawn or screened out).</summary>
    public const string MentorReviewCancelled = nameof(MentorReviewCancelled);

    // To program staff.
    public const string StaffReviewReassigned = nameof(StaffReviewReassigned);
    public const string StaffNoMentorLeft = nameof(StaffNoMentorLeft);
    public const string StaffApplicationReviewed = nameof(StaffApplicationReviewed);
    public const string StaffOfferAccepted = nameof(StaffOfferAccepted);
    public const string StaffOfferDeclined = nameof(StaffOfferDeclined);
    public const string StaffOfferExpired = nameof(StaffOfferExpired);
    public const string StaffNeedsAttention = nameof(StaffNeedsAttention);

    /// <summary>A cohort seat freed and the program's waitlist suggests which application is next (staff decide).</summary>
    public const string StaffWaitlistNext = nameof(StaffWaitlistNext);

    /// <summary>A one-time link that signs a staff member in to the console (not about an application).</summary>
    public const string StaffSignIn = nameof(StaffSignIn);

    /// <summary>
    /// Some days before a program's retention sweep: the materials of the cycle's applications that were not accepted
    /// will be deleted and their records reduced to anonymised statistics (not about an application).
    /// </summary>
    public const string StaffRetentionUpcoming = nameof(StaffRetentionUpcoming);

    /// <summary>A program's retention sweep has finished: how many applications were reduced and how many kept (not about an application).</summary>
    public const string StaffRetentionDone = nameof(StaffRetentionDone);

    /// <summary>Every kind, in a stable order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        DraftStarted, SubmissionReceived, DraftReminder72h, DraftReminder24h, MarkedIncomplete, ScreenedOut,
        UnderReview, OfferMade, OfferReminder, AcceptedWelcome, Rejected, Waitlisted, WithdrawalConfirmed, ErasureConfirmed,
        MentorReviewRequest, MentorReviewReminder, MentorSlotReassigned, MentorThankYou, MentorReviewCancelled,
        StaffReviewReassigned, StaffNoMentorLeft, StaffApplicationReviewed, StaffOfferAccepted, StaffOfferDeclined,
        StaffOfferExpired, StaffNeedsAttention, StaffWaitlistNext, StaffSignIn, StaffRetentionUpcoming, StaffRetentionDone,
    ];

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    /// <summary>True when <paramref name="kind"/> is one of <see cref="All"/> (exact, case-sensitive match).</summary>
    public static bool IsKnown(string? kind) => kind is not null && Known.Contains(kind);
}
