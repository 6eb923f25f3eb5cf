using System.Globalization;
using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Domain.Applications;

public static partial class ApplicationDecider
{
    /// <summary>
    /// Fills every open review slot: first the vacated ones (overdue or conflict, not yet replaced) as reassignments,
    /// then fresh slots up to MentorsPerApplication. Slots nobody can fill are reported once per change of their number.
    /// </summary>
    private static Decision AssignMentorsDecision(Run run, AssignMentors c)
    {
        var s = run.S;
        if (s.Stage is Stage.Draft or Stage.Submitted or Stage.Screening)
        {
            return Illegal(RefusalCodes.NotInReview, $"Mentors are assigned once screening passes; this application is {s.Stage}.");
        }

        if (s.Stage != Stage.InReview)
        {
            return run.Finish();
        }

        var loads = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var load in c.Loads ?? [])
        {
            if (load is not null && !string.IsNullOrEmpty(load.MentorId))
            {
                loads[load.MentorId] = load.OpenReviews;
            }
        }

        var replaced = s.Assignments.Where(a => a.ReplacesAssignmentId is not null).Select(a => a.ReplacesAssignmentId!).ToHashSet();
        var vacant = s.Assignments
            .Where(a => a.Status is AssignmentStatus.Reassigned or AssignmentStatus.Conflict && !replaced.Contains(a.AssignmentId))
            .ToList();
        var filled = s.ActiveAssignments().Count();
        var fresh = Math.Max(0, run.Program.MentorsPerApplication - filled - vacant.Count);
        var slots = vacant.Select(v => (ReviewAssignment?)v).Concat(Enumerable.Repeat<ReviewAssignment?>(null, fresh)).ToList();

        var unfilled = 0;
        foreach (var from in slots)
        {
            var mentor = MentorMatcher.Rank(run.Program, run.S, loads).FirstOrDefault();
            if (mentor is null)
            {
                unfilled++;
                continue;
            }

            var id = "a" + (run.S.Assignments.Count + 1).ToString(CultureInfo.InvariantCulture);
            var due = run.Now + run.Program.Timings.ReviewWindow;
            var timers = TimerIds.ReminderAndDue(
                run.Program.Timings.ReminderLead,
                run.Now,
                due,
                TimerIds.ReviewReminder(id),
                TimerKind.ReviewReminder,
                TimerIds.ReviewDue(id),
                TimerKind.ReviewDue,
                id);
            if (from is null)
            {
                run.Emit(new MentorAssigned(run.Now, run.Actor, id, mentor.Id, due, timers));
            }
            else
            {
                var once = from.ReassignedOnce || from.Status == AssignmentStatus.Reassigned;
                run.Emit(new ReviewReassigned(run.Now, run.Actor, from.AssignmentId, id, mentor.Id, due, once, timers));
            }

            run.EmailMentor(EmailKind.MentorReviewRequest, run.S.FindAssignment(id)!);
        }

        if (unfilled > 0 && unfilled != run.S.UnfilledSlots)
        {
            run.Emit(new ReviewSlotUnfilled(run.Now, run.Actor, unfilled));
            run.EmailStaff(EmailKind.StaffNoMentorLeft, d => d with { UnfilledSlots = unfilled });
        }

        return run.Finish();
    }

    /// <summary>Finds the assignment a mentor acts on, refusing when it is not (or no longer) theirs to act on.</summary>
    private static Decision? CheckMentorAction(ApplicationState s, string assignmentId, string? mentorId, out ReviewAssignment assignment)
    {
        assignment = s.FindAssignment(assignmentId)!;
        if (assignment is null || (mentorId is not null && mentorId != assignment.MentorId))
        {
            return Decision.Refused(RefusalKind.NotFound, RefusalCodes.AssignmentNotFound, $"There is no assignment {assignmentId} for this mentor.");
        }

        switch (assignment.Status)
        {
            case AssignmentStatus.Completed:
                return Decision.Refused(RefusalKind.Conflict, RefusalCodes.AlreadyRecorded, "This review has already been recorded.");
            case AssignmentStatus.Reassigned or AssignmentStatus.Conflict or AssignmentStatus.Cancelled:
                return Decision.Refused(RefusalKind.Conflict, RefusalCodes.NoLongerYours, "This review is no longer assigned to you.");
        }

        if (s.Stage != Stage.InReview)
        {
            return Illegal(RefusalCodes.NotInReview, $"The application is not in review ({s.Stage}).");
        }

        return null;
    }

    private static Decision SubmitReviewDecision(Run run, SubmitReview c)
    {
        var refusal = CheckMentorAction(run.S, c.AssignmentId, c.MentorId, out var assignment);
        if (refusal is not null)
        {
            return refusal;
        }

        var errors = new List<string>();
        var scores = c.Scores ?? new Dictionary<string, int>();
        foreach (var criterion in run.Program.Rubric)
        {
            if (!scores.TryGetValue(criterion.Id, out var score))
            {
                errors.Add($"scores.{criterion.Id} is required");
            }
            else if (score is < RubricCriterion.MinScore or > RubricCriterion.MaxScore)
            {
                errors.Add($"scores.{criterion.Id} must be between {RubricCriterion.MinScore} and {RubricCriterion.MaxScore}");
            }
        }

        foreach (var key in scores.Keys.Where(k => run.Program.Rubric.All(r => r.Id != k)))
        {
            errors.Add($"scores.{key} is not a rubric criterion");
        }

        if (!Enum.IsDefined(c.Recommendation))
        {
            errors.Add("recommendation must be Advance or Decline");
        }

        DraftRules.RequiredText(c.Comment, "comment", DraftRules.MaxCommentLength, errors);
        if (errors.Count > 0)
        {
            return Invalid("The review is not complete.", errors);
        }

        var kept = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var criterion in run.Program.Rubric)
        {
            kept[criterion.Id] = scores[criterion.Id];
        }

        run.Emit(new ReviewSubmitted(run.Now, run.Actor, assignment.AssignmentId, assignment.MentorId, kept, c.Recommendation, c.Comment.Trim()));
        run.EmailMentor(EmailKind.MentorThankYou, run.S.FindAssignment(assignment.AssignmentId)!);

        var s = run.S;
        var completed = s.CompletedAssignments().ToList();
        if (completed.Count >= run.Program.MentorsPerApplication && s.ActiveAssignments().All(a => a.Status == AssignmentStatus.Completed))
        {
            var score = WeightedScore(run.Program.Rubric, completed.Select(a => a.Review!));
            run.Emit(new ReviewsCompleted(run.Now, run.Actor, score));
            run.EmailStaff(EmailKind.StaffApplicationReviewed, d => d with
            {
                WeightedScore = score,
                Recommendations = [.. completed.Select(a => new MentorRecommendation(run.Program.FindMentor(a.MentorId)?.Name ?? a.MentorId, a.Review!.Recommendation))],
            });
        }

        return run.Finish();
    }

    /// <summary>
    /// The mean, over reviews, of each review's weighted mean (Σ weight × score ÷ Σ weight over the rubric criteria it
    /// scored). Rounded to 4 decimals.
    /// </summary>
    public static double WeightedScore(IReadOnlyList<RubricCriterion> rubric, IEnumerable<Review> reviews)
    {
        var perReview = new List<double>();
        foreach (var review in reviews)
        {
            if (ReviewScore(rubric, review.Scores) is { } score)
            {
                perReview.Add(score);
            }
        }

        return perReview.Count == 0 ? 0 : Math.Round(perReview.Average(), 4, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// One review's weighted mean (Σ weight × score ÷ Σ weight over the rubric criteria it scored), not rounded; null
    /// when it scored none of them. What <see cref="ScoreCalibration"/> standardises.
    /// </summary>
    public static double? ReviewScore(IReadOnlyList<RubricCriterion> rubric, IReadOnlyDictionary<string, int> scores)
    {
        double sum = 0, weights = 0;
        foreach (var criterion in rubric)
        {
            if (scores.TryGetValue(criterion.Id, out var score))
            {
                sum += criterion.Weight * score;
                weights += criterion.Weight;
            }
        }

        return weights > 0 ? sum / weights : null;
    }

    private static Decision DeclareConflictDecision(Run run, DeclareConflict c)
    {
        var refusal = CheckMentorAction(run.S, c.AssignmentId, c.MentorId, out var assignment);
        if (refusal is not null)
        {
            return refusal;
        }

        if (DraftRules.Length(c.Reason) > DraftRules.MaxNoteLength)
        {
            return Invalid("The reason is too long.", [$"reason must be at most {DraftRules.MaxNoteLength} characters"]);
        }

        var reason = string.IsNullOrWhiteSpace(c.Reason) ? null : c.Reason.Trim();
        run.Emit(new ConflictDeclared(run.Now, run.Actor, assignment.AssignmentId, assignment.MentorId, reason));
        run.Work(WorkKind.AssignMentors);
        return run.Finish();
    }
}
