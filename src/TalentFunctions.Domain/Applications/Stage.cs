namespace TalentFunctions.Domain.Applications;

/// <summary>Where an application is in the pipeline. Serialised by name.</summary>
public enum Stage
{
    Draft,
    Submitted,
    Screening,
    ScreenedOut,
    InReview,
    Reviewed,
    Offered,
    Accepted,
    OfferDeclined,
    OfferExpired,
    Rejected,
    Waitlisted,
    Withdrawn,
    Incomplete,
}

/// <summary>
/// Which stages end an application.
/// <list type="bullet">
/// <item><b>Final</b> (nothing ever changes the stage again; no timers pending): Accepted, OfferDeclined,
/// OfferExpired, Rejected, Withdrawn, Incomplete.</item>
/// <item><b>Closed but not final</b>: ScreenedOut. Staff may override screening and reopen it to InReview;
/// the applicant may still withdraw.</item>
/// <item>Waitlisted is open: staff may still offer or reject.</item>
/// </list>
/// </summary>
public static class StageRules
{
    private static readonly HashSet<Stage> Final =
    [
        Stage.Accepted,
        Stage.OfferDeclined,
        Stage.OfferExpired,
        Stage.Rejected,
        Stage.Withdrawn,
        Stage.Incomplete,
    ];

    public static IReadOnlyCollection<Stage> FinalStages => Final;

    public static bool IsFinal(Stage stage) => Final.Contains(stage);

    /// <summary>Final, or ScreenedOut (closed unless staff override screening).</summary>
    public static bool IsClosed(Stage stage) => stage == Stage.ScreenedOut || IsFinal(stage);

    /// <summary>Stages in which the applicant may withdraw.</summary>
    public static bool CanWithdraw(Stage stage) => !IsFinal(stage);

    /// <summary>Stages in which staff may decide (offer, reject, waitlist).</summary>
    public static bool CanDecide(Stage stage) => stage is Stage.Reviewed or Stage.Waitlisted;
}
