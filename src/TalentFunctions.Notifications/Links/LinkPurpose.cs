namespace TalentFunctions.Notifications.Links;

/// <summary>What a link token opens. The numeric values are part of the token format: never renumber.</summary>
public enum LinkPurpose : byte
{
    /// <summary>A mentor's review page; the subject is the assignment id.</summary>
    Review = 1,

    /// <summary>An applicant's offer page; the subject is the offer id.</summary>
    Offer = 2,

    /// <summary>An applicant's draft/status page; the subject is the applicant's id (or the application id).</summary>
    Resume = 3,

    /// <summary>A mentor's list of their reviews ("my reviews"); the application field holds the program id, the subject the mentor id.</summary>
    MentorReviews = 4,
}
