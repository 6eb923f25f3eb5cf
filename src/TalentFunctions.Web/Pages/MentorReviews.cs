using System.Globalization;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Materials;
using TalentFunctions.Notifications.Links;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Mentors;
using TalentFunctions.Workflow.Queries;
using TalentFunctions.Workflow.Translation;

namespace TalentFunctions.Web.Pages;

/// <summary>What the review pages and the review API need from the app (bound with <c>[AsParameters]</c>).</summary>
public sealed record ReviewServices(
    ApplicationQueries Queries,
    ApplicationCommands Runtime,
    LinkTokenService Tokens,
    MaterialStorage Materials,
    TranslationStore Translations,
    ReviewDraftStore Drafts,
    MentorLoadStore MentorLoad,
    OrchestrationOptions Options,
    TimeProvider Time);

/// <summary>Whether a mentor may still act on an assignment, as the review link finds it.</summary>
public enum ReviewAvailability
{
    Open,
    AlreadyRecorded,
    NoLongerYours,
    Closed,
}

/// <summary>An assignment opened through a review link: the application, the program, the mentor and their language.</summary>
public sealed record ReviewContext(ApplicationState Application, ProgramDefinition Program, ReviewAssignment Assignment, MentorDefinition? Mentor)
{
    /// <summary>The mentor's preferred language from the programs file (English if the mentor left the file).</summary>
    public PageText Text => PageText.For(Mentor?.PreferredLanguage);

    public string ProgramName => Program.Name.For(Text.Language);

    /// <summary>True when the program reviews blind: the mentor never sees who the applicant is (ADR 0012).</summary>
    public bool Blind => MentorView.IsBlind(Program);

    /// <summary>The materials this mentor may open, under the names they are shown (<see cref="MentorView.Materials"/>).</summary>
    public IReadOnlyList<MentorMaterial> Materials => MentorView.Materials(Application, Program);

    public ReviewAvailability Availability => Assignment.Status switch
    {
        AssignmentStatus.Completed => ReviewAvailability.AlreadyRecorded,
        AssignmentStatus.Reassigned or AssignmentStatus.Conflict or AssignmentStatus.Cancelled => ReviewAvailability.NoLongerYours,
        _ when Application.Stage != Stage.InReview => ReviewAvailability.Closed,
        _ => ReviewAvailability.Open,
    };
}

/// <summary>
/// The machine translation the review page shows beside the applicant's texts: <see cref="Needed"/> when the project is
/// written in another language than the mentor reads; <see cref="Texts"/> the translation, or null when there is none
/// (not configured, failed, not done yet, or made of texts since edited).
/// </summary>
public sealed record ReviewTranslation(bool Needed, ReviewTexts? Texts)
{
    public static ReviewTranslation NotNeeded { get; } = new(false, null);

    public bool Unavailable => Needed && Texts is null;
}

/// <summary>One problem with a submitted review: the field (<c>scores.story</c>, <c>comment</c> …) and its message per language.</summary>
public sealed record ReviewInputError(string Field, Func<PageText, string> Message);

/// <summary>
/// A review as posted by the form or the JSON API. <see cref="Scores"/> maps every posted criterion id to its score
/// (null when it is not a whole number).
/// </summary>
public sealed record ReviewInput(
    bool ConflictOfInterest,
    IReadOnlyDictionary<string, int?> Scores,
    string? Recommendation,
    string? Comment,
    string? Reason = null,
    bool ConflictConfirmed = true)
{
    public Recommendation? ParsedRecommendation => Recommendation?.Trim().ToLowerInvariant() switch
    {
        "advance" => Domain.Applications.Recommendation.Advance,
        "decline" => Domain.Applications.Recommendation.Decline,
        _ => null,
    };

    /// <summary>Every problem, each naming its field; criteria are named by id (field) and by name (message).</summary>
    public IReadOnlyList<ReviewInputError> Validate(ProgramDefinition program, bool rejectUnknownCriteria)
    {
        var errors = new List<ReviewInputError>();
        if (ConflictOfInterest)
        {
            if (!ConflictConfirmed)
            {
                errors.Add(new("conflictOfInterest", t => t.ConflictNotConfirmed));
            }
            if (DraftRules.Length(Reason) > DraftRules.MaxNoteLength)
            {
                errors.Add(new("reason", t => t.TooLong(t.ConflictReasonLabel, DraftRules.MaxNoteLength)));
            }
            return errors;
        }

        foreach (var criterion in program.Rubric)
        {
            if (!Scores.TryGetValue(criterion.Id, out var score) || score is not (>= RubricCriterion.MinScore and <= RubricCriterion.MaxScore))
            {
                errors.Add(new($"scores.{criterion.Id}", t => t.ScoreMissing(criterion.Name.For(t.Language))));
            }
        }
        if (rejectUnknownCriteria)
        {
            foreach (var key in Scores.Keys.Where(k => program.Rubric.All(c => c.Id != k)))
            {
                errors.Add(new($"scores.{key}", _ => $"scores.{key} is not a criterion of this program's rubric ({string.Join(", ", program.Rubric.Select(c => c.Id))})."));
            }
        }
        if (ParsedRecommendation is null)
        {
            errors.Add(new("recommendation", t => t.RecommendationMissing));
        }
        if (string.IsNullOrWhiteSpace(Comment))
        {
            errors.Add(new("comment", t => t.CommentMissing));
        }
        else if (DraftRules.Length(Comment) > DraftRules.MaxCommentLength)
        {
            errors.Add(new("comment", t => t.TooLong(t.CommentLabel, DraftRules.MaxCommentLength)));
        }
        return errors;
    }

    /// <summary>Reads the review form (<c>scores.{criterion}</c>, <c>recommendation</c>, <c>comment</c>) or the conflict form (<c>intent=conflict</c>, <c>conflictOfInterest</c>, <c>reason</c>).</summary>
    public static ReviewInput FromForm(IFormCollection form, ProgramDefinition program)
    {
        var scores = new Dictionary<string, int?>(StringComparer.Ordinal);
        foreach (var criterion in program.Rubric)
        {
            if (form.TryGetValue($"scores.{criterion.Id}", out var raw))
            {
                scores[criterion.Id] = int.TryParse(raw.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
            }
        }
        // The conflict form says so (intent=conflict) and needs its checkbox ticked; the review form sends neither.
        var confirmed = form.ContainsKey("conflictOfInterest");
        var conflict = confirmed || form["intent"] == "conflict";
        return new ReviewInput(conflict, scores, form["recommendation"].ToString(), form["comment"].ToString(), form["reason"].ToString(), confirmed);
    }
}

/// <summary>What happened to a posted review.</summary>
public enum ReviewOutcomeKind
{
    ReviewRecorded,
    ConflictRecorded,

    /// <summary>The mentor declined for lack of time (recorded like a conflict: the review goes to another mentor).</summary>
    DeclinedNoTime,
    AlreadyRecorded,
    NoLongerYours,
    Closed,
    NotFound,
    Invalid,
}

public sealed record ReviewOutcome(ReviewOutcomeKind Kind, ApplicationState? State = null, IReadOnlyList<string>? Details = null);

/// <summary>
/// The mentor side of review links: opens an assignment from a token (reading only) and records a review or a
/// conflict of interest through the runtime. The command id is fixed per assignment (<c>review:{id}</c>,
/// <c>conflict:{id}</c>), so a double post changes nothing.
/// </summary>
public static class MentorReviews
{
    public static async Task<(ReviewContext? Context, PageProblem? Problem)> OpenAsync(ReviewServices services, string? token, CancellationToken cancellationToken)
    {
        var link = CheckedLink.Check(services.Tokens, token, LinkPurpose.Review);
        if (link.Problem is not null)
        {
            return (null, link.Problem);
        }
        var state = await services.Queries.GetAsync(link.Token!.ApplicationId, cancellationToken);
        var assignment = state?.FindAssignment(link.Token.SubjectId);
        var program = state is null ? null : services.Runtime.Programs.Get(state.ProgramId);
        if (state is null || assignment is null || program is null)
        {
            return (null, PageProblem.NotFound);
        }
        return (new ReviewContext(state, program, assignment, program.FindMentor(assignment.MentorId)), null);
    }

    /// <summary>
    /// The kept translation of the application's texts into the mentor's language. Reads only: translating is the
    /// orchestration's job when the mentor is assigned (a GET never calls the Translator).
    /// </summary>
    public static async Task<ReviewTranslation> TranslationAsync(ReviewServices services, ReviewContext context, CancellationToken cancellationToken)
    {
        var state = context.Application;
        var language = TranslationLanguages.ForMentor(context.Mentor);
        if (TranslationLanguages.Same(state.Project.Language, language))
        {
            return ReviewTranslation.NotNeeded;
        }
        var kept = await services.Translations.GetAsync(state.Id, language, cancellationToken);
        return new ReviewTranslation(true, kept?.For(ReviewTexts.Of(state, context.Program), state.Project.Language));
    }

    /// <summary>What staff read as the reason of a review declined for lack of time.</summary>
    public const string NoTimeReason = "No time to review (declined by the mentor).";

    /// <summary>
    /// The mentor's "my reviews" link, made on the server from the assignment they opened: the program and the mentor,
    /// valid as long as this review link.
    /// </summary>
    public static string MyReviewsPath(ReviewServices services, ReviewContext context) =>
        "/mentor/" + services.Tokens.Create(LinkPurpose.MentorReviews, context.Program.Id, context.Assignment.MentorId,
            context.Assignment.DueAt + services.Options.ReviewLinkGrace);

    /// <summary>The review link of one assignment, as the review emails carry it.</summary>
    public static string ReviewPath(ReviewServices services, string applicationId, string assignmentId, DateTimeOffset dueAt) =>
        "/review/" + services.Tokens.Create(LinkPurpose.Review, applicationId, assignmentId, dueAt + services.Options.ReviewLinkGrace);

    public static async Task<ReviewOutcome> SubmitAsync(ReviewServices services, ReviewContext context, ReviewInput input, CancellationToken cancellationToken, bool noTime = false)
    {
        switch (context.Availability)
        {
            case ReviewAvailability.AlreadyRecorded:
                return new(ReviewOutcomeKind.AlreadyRecorded, context.Application);
            case ReviewAvailability.NoLongerYours:
                return new(ReviewOutcomeKind.NoLongerYours, context.Application);
            case ReviewAvailability.Closed:
                return new(ReviewOutcomeKind.Closed, context.Application);
        }

        var assignment = context.Assignment;
        var actor = "mentor:" + assignment.MentorId;
        // Declining for lack of time takes the conflict path (the domain has one way to give a review back), with the
        // same command id: a conflict and a no-time post of one assignment are one decline.
        ApplicationCommand command = noTime
            ? new DeclareConflict("conflict:" + assignment.AssignmentId, actor, assignment.AssignmentId, assignment.MentorId, NoTimeReason)
            : input.ConflictOfInterest
            ? new DeclareConflict("conflict:" + assignment.AssignmentId, actor, assignment.AssignmentId, assignment.MentorId,
                string.IsNullOrWhiteSpace(input.Reason) ? null : input.Reason.Trim())
            : new SubmitReview("review:" + assignment.AssignmentId, actor, assignment.AssignmentId,
                input.Scores.Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!.Value, StringComparer.Ordinal),
                input.ParsedRecommendation!.Value, input.Comment!.Trim(), assignment.MentorId);

        var result = await services.Runtime.ExecuteAsync(context.Application.Id, command, cancellationToken);
        if (result is CommandApplied)
        {
            await services.Drafts.DeleteAsync(context.Application.Id, assignment.AssignmentId, cancellationToken);
        }
        return result switch
        {
            CommandApplied { AlreadyApplied: true } applied => new(ReviewOutcomeKind.AlreadyRecorded, applied.State),
            CommandApplied applied => new(noTime ? ReviewOutcomeKind.DeclinedNoTime
                : input.ConflictOfInterest ? ReviewOutcomeKind.ConflictRecorded : ReviewOutcomeKind.ReviewRecorded, applied.State),
            CommandRefused { Refusal.Code: RefusalCodes.AlreadyRecorded } => new(ReviewOutcomeKind.AlreadyRecorded),
            CommandRefused { Refusal.Code: RefusalCodes.NoLongerYours } => new(ReviewOutcomeKind.NoLongerYours),
            CommandRefused { Refusal.Code: RefusalCodes.AssignmentNotFound } => new(ReviewOutcomeKind.NotFound),
            CommandRefused { Refusal.Kind: RefusalKind.InvalidInput } refused => new(ReviewOutcomeKind.Invalid, Details: refused.Refusal.Details),
            CommandRefused => new(ReviewOutcomeKind.Closed),
            _ => new(ReviewOutcomeKind.NotFound),
        };
    }
}
