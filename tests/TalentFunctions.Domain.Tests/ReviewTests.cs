using TalentFunctions.Domain.Applications;
using static TalentFunctions.Domain.Tests.TestData;

namespace TalentFunctions.Domain.Tests;

public sealed class ReviewTests
{
    private static Dictionary<string, int> Scores(int story, int craft, int voice, int appeal, int feasibility) => new()
    {
        ["story"] = story,
        ["craft"] = craft,
        ["voice"] = voice,
        ["international-appeal"] = appeal,
        ["feasibility"] = feasibility,
    };

    private static SubmitReview ReviewWith(string assignmentId, Dictionary<string, int> scores, string comment = "Good.") =>
        new("review-" + assignmentId, "mentor", assignmentId, scores, Recommendation.Advance, comment);

    [Fact]
    public void A_review_completes_its_assignment_cancels_its_timers_and_thanks_the_mentor()
    {
        var s = new Scenario().Assigned();
        s.Advance(TimeSpan.FromDays(2));

        var d = s.Run(ReviewWith("a1", Scores(5, 4, 3, 2, 1)));

        var e = Assert.IsType<ReviewSubmitted>(Assert.Single(d.Events));
        Assert.Equal("hd-chen-yu", e.MentorId);
        var a1 = s.S.FindAssignment("a1")!;
        Assert.Equal(AssignmentStatus.Completed, a1.Status);
        Assert.Equal(5, a1.Review!.Scores["story"]);
        Assert.Equal(s.Now, a1.Review.SubmittedAt);
        Assert.Equal(Stage.InReview, s.S.Stage);
        Assert.Equal([TimerIds.ReviewReminder("a1"), TimerIds.ReviewDue("a1")], d.Effects.OfType<CancelTimer>().Select(c => c.TimerId));
        Assert.Equal([EmailKind.MentorThankYou], s.EmailKinds());
        Assert.Equal("chen.yu@streamer-c.example", s.Emails()[0].To.Address);
    }

    [Fact]
    public void The_last_review_completes_the_application_with_the_weighted_mean()
    {
        var s = new Scenario().Assigned();
        s.Run(ReviewWith("a1", Scores(5, 4, 3, 2, 1)));

        var d = s.Run(ReviewWith("a2", Scores(4, 4, 4, 4, 4)));

        // Weights story 3, craft 3, voice 2, appeal 1, feasibility 1:
        // (15 + 12 + 6 + 2 + 1) / 10 = 3.6 and 4.0; their mean is 3.8.
        var completed = Assert.IsType<ReviewsCompleted>(d.Events[1]);
        Assert.Equal(3.8, completed.WeightedScore, 10);
        Assert.Equal(Stage.Reviewed, s.S.Stage);
        Assert.Equal(3.8, s.S.WeightedScore!.Value, 10);
        Assert.Empty(s.S.PendingTimers);
        Assert.Equal([EmailKind.MentorThankYou, EmailKind.StaffApplicationReviewed], s.EmailKinds());
        var staff = s.Emails()[1];
        Assert.Equal(3.80, staff.Data.WeightedScore!.Value, 10);
        Assert.Equal([new MentorRecommendation("Chen Yu", Recommendation.Advance), new MentorRecommendation("Wang Lei", Recommendation.Advance)], staff.Data.Recommendations!);
    }

    [Fact]
    public void The_weighted_score_is_the_mean_of_each_reviews_weighted_mean()
    {
        var rubric = Hina.Rubric;
        var reviews = new[]
        {
            new Review(Scores(1, 1, 1, 1, 1), Recommendation.Decline, "", Now),
            new Review(Scores(5, 5, 5, 5, 5), Recommendation.Advance, "", Now),
            new Review(Scores(5, 1, 1, 1, 1), Recommendation.Advance, "", Now),
        };

        // (1 + 5 + (15 + 3 + 2 + 1 + 1) / 10) / 3 = (1 + 5 + 2.2) / 3
        Assert.Equal(Math.Round(8.2 / 3, 4), ApplicationDecider.WeightedScore(rubric, reviews), 10);
        Assert.Equal(0, ApplicationDecider.WeightedScore(rubric, []));
    }

    [Fact]
    public void A_review_must_score_every_criterion_from_one_to_five()
    {
        var s = new Scenario().Assigned();
        var scores = Scores(5, 0, 3, 6, 1);
        scores.Remove("voice");
        scores["humour"] = 3;

        var r = s.Refuse(ReviewWith("a1", scores, comment: " "), RefusalKind.InvalidInput, RefusalCodes.InvalidInput);

        Assert.Equal(
            [
                "scores.craft must be between 1 and 5",
                "scores.voice is required",
                "scores.international-appeal must be between 1 and 5",
                "scores.humour is not a rubric criterion",
                "comment is required",
            ],
            r.Details);
    }

    [Fact]
    public void A_second_review_for_the_same_assignment_is_refused_as_already_recorded()
    {
        var s = new Scenario().Assigned();
        s.Run(Review(s.Program, "a1"));

        var r = s.Refuse(Review(s.Program, "a1", score: 2) with { CommandId = "again" }, RefusalKind.Conflict, RefusalCodes.AlreadyRecorded);

        Assert.Equal(409, r.HttpStatus);
        Assert.Equal(4, s.S.FindAssignment("a1")!.Review!.Scores["story"]);
    }

    [Fact]
    public void A_review_after_the_last_one_is_still_refused_as_already_recorded()
    {
        var s = new Scenario().Reviewed();

        s.Refuse(Review(s.Program, "a2") with { CommandId = "late" }, RefusalKind.Conflict, RefusalCodes.AlreadyRecorded);
    }

    [Fact]
    public void An_unknown_assignment_or_another_mentors_assignment_is_not_found()
    {
        var s = new Scenario().Assigned();

        s.Refuse(Review(s.Program, "a9"), RefusalKind.NotFound, RefusalCodes.AssignmentNotFound);
        s.Refuse(Review(s.Program, "a1") with { MentorId = "hd-wang-lei" }, RefusalKind.NotFound, RefusalCodes.AssignmentNotFound);
        s.Run(Review(s.Program, "a1") with { MentorId = "hd-chen-yu" });
    }

    [Fact]
    public void A_review_of_a_withdrawn_application_is_refused()
    {
        var s = new Scenario().Assigned();
        s.Run(new Withdraw("w", "applicant"));

        s.Refuse(Review(s.Program, "a1"), RefusalKind.Conflict, RefusalCodes.NoLongerYours);
    }

    [Fact]
    public void A_declared_conflict_frees_the_slot_and_asks_for_another_mentor()
    {
        var s = new Scenario().Assigned();

        var d = s.Run(new DeclareConflict("conflict", "mentor", "a1", "hd-chen-yu", "I produced her short."));

        var e = Assert.IsType<ConflictDeclared>(Assert.Single(d.Events));
        Assert.Equal("I produced her short.", e.Reason);
        Assert.Equal(AssignmentStatus.Conflict, s.S.FindAssignment("a1")!.Status);
        Assert.Equal([TimerIds.ReviewReminder("a1"), TimerIds.ReviewDue("a1")], d.Effects.OfType<CancelTimer>().Select(c => c.TimerId));
        Assert.Equal(WorkKind.AssignMentors, Assert.Single(d.Effects.OfType<EnqueueWork>()).Kind);

        var reassigned = s.Run(Assign());

        var r = Assert.IsType<ReviewReassigned>(Assert.Single(reassigned.Events));
        Assert.Equal("a1", r.FromAssignmentId);
        Assert.Equal("a3", r.NewAssignmentId);
        Assert.Equal("hd-amara-okafor", r.NewMentorId);
        Assert.False(r.ReassignedOnce);
        Assert.Equal("a1", s.S.FindAssignment("a3")!.ReplacesAssignmentId);
        Assert.Equal([EmailKind.MentorReviewRequest], s.EmailKinds());
        Assert.Equal("declared a conflict with this application", MentorMatcher.ConflictOf(Hina.FindMentor("hd-chen-yu")!, s.S, Hina));
    }

    [Fact]
    public void Conflicts_do_not_use_up_the_single_overdue_reassignment()
    {
        var s = new Scenario().Assigned();
        s.Run(new DeclareConflict("c1", "mentor", "a1"));
        s.Run(Assign());
        s.Run(new DeclareConflict("c2", "mentor", "a3"));

        var d = s.Run(Assign());

        var r = Assert.IsType<ReviewReassigned>(Assert.Single(d.Events));
        Assert.Equal("a3", r.FromAssignmentId);
        Assert.False(r.ReassignedOnce);
    }

    [Fact]
    public void A_conflict_cannot_be_declared_on_a_completed_or_reassigned_review()
    {
        var s = new Scenario().Assigned();
        s.Run(Review(s.Program, "a1"));
        s.Run(new DeclareConflict("c", "mentor", "a2"));

        s.Refuse(new DeclareConflict("c1", "mentor", "a1"), RefusalKind.Conflict, RefusalCodes.AlreadyRecorded);
        s.Refuse(new DeclareConflict("c2", "mentor", "a2"), RefusalKind.Conflict, RefusalCodes.NoLongerYours);
        s.Refuse(Review(s.Program, "a2"), RefusalKind.Conflict, RefusalCodes.NoLongerYours);
    }

    [Fact]
    public void Reviews_complete_only_when_every_slot_has_a_review()
    {
        var s = new Scenario().Assigned();
        s.Run(Review(s.Program, "a1"));
        s.Run(new DeclareConflict("c", "mentor", "a2"));

        Assert.Equal(Stage.InReview, s.S.Stage);
        s.Run(Assign());
        s.Run(Review(s.Program, "a3"));

        Assert.Equal(Stage.Reviewed, s.S.Stage);
        Assert.Equal(2, s.S.CompletedAssignments().Count());
    }
}
