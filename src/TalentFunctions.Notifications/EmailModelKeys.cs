namespace TalentFunctions.Notifications;

/// <summary>
/// Names of the values the workflow puts in an email model. See <c>Templates/README.md</c> for which kind needs
/// which key; <see cref="EmailModelContract"/> is the same table in code.
/// </summary>
public static class EmailModelKeys
{
    public const string RecipientName = "recipientName";
    public const string ProgramName = "programName";
    public const string ProjectTitle = "projectTitle";
    public const string ApplicationId = "applicationId";

    public const string ResumeUrl = "resumeUrl";
    public const string Deadline = "deadline";
    public const string StatusUrl = "statusUrl";
    public const string SubmittedAt = "submittedAt";
    public const string Reasons = "reasons";
    public const string OfferUrl = "offerUrl";
    public const string ExpiresAt = "expiresAt";
    public const string Note = "note";

    public const string MentorName = "mentorName";
    public const string ReviewUrl = "reviewUrl";
    public const string DueAt = "dueAt";
    public const string ApplicantName = "applicantName";

    public const string StaffUrl = "staffUrl";
    public const string Reason = "reason";
    public const string Score = "score";
    public const string Recommendations = "recommendations";
    public const string UnfilledSlots = "unfilledSlots";
    public const string SignInUrl = "signInUrl";
    public const string MyReviewsUrl = "myReviewsUrl";

    public const string Cycle = "cycle";
    public const string SweepAt = "sweepAt";
    public const string SweptAt = "sweptAt";
    public const string ToReduce = "toReduce";
    public const string Reduced = "reduced";
    public const string Accepted = "accepted";
    public const string ConsoleUrl = "consoleUrl";
}
