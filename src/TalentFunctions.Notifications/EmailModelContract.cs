using System.Collections;
using static TalentFunctions.Notifications.EmailKinds;
using static TalentFunctions.Notifications.EmailModelKeys;

namespace TalentFunctions.Notifications;

/// <summary>
/// The contract between the workflow and the templates: which model keys each email kind requires and which it may
/// use when present. <see cref="EmailRenderer"/> enforces it before rendering.
/// </summary>
public static class EmailModelContract
{
    /// <summary>Keys every email requires.</summary>
    public static IReadOnlyList<string> CommonKeys { get; } = [RecipientName, ProgramName, ProjectTitle, EmailModelKeys.ApplicationId];

    /// <summary>
    /// Keys whose value is a list of strings: any non-string enumerable, or a string holding one entry per line.
    /// Every other value is rendered as text.
    /// </summary>
    public static IReadOnlyList<string> ListKeys { get; } = [Reasons, Recommendations];

    private static readonly Dictionary<string, (string[] Required, string[] Optional)> ByKind = new(StringComparer.Ordinal)
    {
        [DraftStarted] = ([ResumeUrl, Deadline], []),
        [DraftReminder72h] = ([ResumeUrl, Deadline], []),
        [DraftReminder24h] = ([ResumeUrl, Deadline], []),
        [SubmissionReceived] = ([StatusUrl], [SubmittedAt]),
        [MarkedIncomplete] = ([Deadline], []),
        [ScreenedOut] = ([Reasons], []),
        [UnderReview] = ([StatusUrl], []),
        [OfferMade] = ([OfferUrl, ExpiresAt], [Note]),
        [OfferReminder] = ([OfferUrl, ExpiresAt], [Note]),
        [AcceptedWelcome] = ([StatusUrl], []),
        [Rejected] = ([StatusUrl], [Note]),
        [Waitlisted] = ([StatusUrl], [Note]),
        [WithdrawalConfirmed] = ([StatusUrl], []),
        [ErasureConfirmed] = ([], []),
        [MentorReviewRequest] = ([MentorName, ApplicantName, ReviewUrl, DueAt], [MyReviewsUrl]),
        [MentorReviewReminder] = ([MentorName, ApplicantName, ReviewUrl, DueAt], [MyReviewsUrl]),
        [MentorSlotReassigned] = ([MentorName, ApplicantName], []),
        [MentorThankYou] = ([MentorName, ApplicantName], []),
        [MentorReviewCancelled] = ([MentorName, ApplicantName], []),
        [StaffReviewReassigned] = ([ApplicantName, StaffUrl], [MentorName, Reason]),
        [StaffNoMentorLeft] = ([ApplicantName, StaffUrl], [Reason, UnfilledSlots]),
        [StaffApplicationReviewed] = ([ApplicantName, StaffUrl, Score], [MentorName, Recommendations]),
        [StaffOfferAccepted] = ([ApplicantName, StaffUrl], []),
        [StaffOfferDeclined] = ([ApplicantName, StaffUrl], []),
        [StaffOfferExpired] = ([ApplicantName, StaffUrl], []),
        [StaffNeedsAttention] = ([ApplicantName, StaffUrl, Reason], [MentorName]),
        [StaffWaitlistNext] = ([ApplicantName, StaffUrl], [Score]),
        [StaffSignIn] = ([SignInUrl, ExpiresAt], []),
        [StaffRetentionUpcoming] = ([Cycle, SweepAt, ToReduce, EmailModelKeys.Accepted, ConsoleUrl], []),
        [StaffRetentionDone] = ([Cycle, SweptAt, Reduced, EmailModelKeys.Accepted, ConsoleUrl], []),
    };

    /// <summary>
    /// Kinds that are not about an application (the staff sign-in link, the retention sweep summaries): they require only <c>recipientName</c> and
    /// <c>programName</c> of the <see cref="CommonKeys"/>, and their templates use no layout (whose footer names the application).
    /// </summary>
    public static IReadOnlyList<string> KindsWithoutApplication { get; } = [StaffSignIn, StaffRetentionUpcoming, StaffRetentionDone];

    /// <summary>Keys <paramref name="kind"/> requires: <see cref="CommonKeys"/> (see <see cref="KindsWithoutApplication"/>) plus its own.</summary>
    /// <exception cref="ArgumentException">The kind is unknown.</exception>
    public static IReadOnlyList<string> RequiredKeys(string kind) =>
        KindsWithoutApplication.Contains(kind) ? [RecipientName, ProgramName, .. Entry(kind).Required] : [.. CommonKeys, .. Entry(kind).Required];

    /// <summary>Keys <paramref name="kind"/> uses when present; a missing optional key renders as absent.</summary>
    /// <exception cref="ArgumentException">The kind is unknown.</exception>
    public static IReadOnlyList<string> OptionalKeys(string kind) => Entry(kind).Optional;

    /// <summary>True for keys holding an absolute http(s) URL (their name ends in <c>Url</c>).</summary>
    public static bool IsUrlKey(string key) => key.EndsWith("Url", StringComparison.Ordinal);

    /// <summary>
    /// Checks <paramref name="model"/> against the contract of <paramref name="kind"/> and returns the problems
    /// (empty when it conforms): missing or null required keys, lists that are not lists, URLs that are not absolute
    /// http(s) URLs.
    /// </summary>
    public static IReadOnlyList<string> Check(string kind, IReadOnlyDictionary<string, object?> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (_, optional) = Entry(kind);
        var required = RequiredKeys(kind);
        var problems = new List<string>();
        foreach (var key in required)
        {
            if (!model.TryGetValue(key, out var value) || value is null)
            {
                problems.Add($"'{key}' is required for {kind}.");
            }
        }

        foreach (var key in required.Concat(optional))
        {
            if (!model.TryGetValue(key, out var value) || value is null)
            {
                continue;
            }

            if (ListKeys.Contains(key))
            {
                if (value is not IEnumerable)
                {
                    problems.Add($"'{key}' must be a list of strings (or a string with one entry per line).");
                }
            }
            else if (IsUrlKey(key) && !IsHttpUrl(value))
            {
                problems.Add($"'{key}' must be an absolute http or https URL.");
            }
        }

        return problems;
    }

    /// <summary>A list key's value as the list the templates iterate: a string is split into its non-empty lines.</summary>
    internal static object AsList(object value) => value is string text
        ? text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        : value;

    internal static bool IsHttpUrl(object value) =>
        Uri.TryCreate(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static (string[] Required, string[] Optional) Entry(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return ByKind.TryGetValue(kind, out var entry)
            ? entry
            : throw new ArgumentException($"Unknown email kind '{kind}'.", nameof(kind));
    }
}
