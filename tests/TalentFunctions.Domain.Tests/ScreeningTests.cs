using TalentFunctions.Domain.Applications;
using static TalentFunctions.Domain.Tests.TestData;

namespace TalentFunctions.Domain.Tests;

public sealed class ScreeningTests
{
    private static Scenario SubmittedWith(Applicant? applicant = null, Project? project = null) =>
        new Scenario().Submitted(Create(applicant: applicant, project: project));

    private static IReadOnlyList<ScreeningFinding> ScreenOut(Scenario s, CompleteScreening? command = null)
    {
        var d = s.Run(command ?? new CompleteScreening("screen", "system"));
        var e = Assert.IsType<ScreenedOut>(Assert.Single(d.Events));
        Assert.Equal(Stage.ScreenedOut, s.S.Stage);
        Assert.False(s.S.ScreeningResult!.Passed);
        return e.Reasons;
    }

    [Fact]
    public void Starting_screening_moves_a_submitted_application_to_screening()
    {
        var s = new Scenario().Submitted();

        s.Run(new StartScreening("start", "system"));

        Assert.Equal(Stage.Screening, s.S.Stage);
        Assert.True(s.Run(new StartScreening("start-again", "system")).IsNoOp);
    }

    [Fact]
    public void Screening_cannot_start_for_a_draft()
    {
        var s = new Scenario().Draft();

        s.Refuse(new StartScreening("start", "system"), RefusalKind.IllegalTransition, RefusalCodes.NotSubmitted);
        s.Refuse(new CompleteScreening("screen", "system"), RefusalKind.IllegalTransition, RefusalCodes.NotSubmitted);
    }

    [Fact]
    public void An_eligible_application_passes_into_review_and_asks_for_mentors()
    {
        var s = new Scenario().Submitted();
        s.Run(new StartScreening("start", "system"));

        var d = s.Run(new CompleteScreening("screen", "system"));

        Assert.IsType<ScreenedIn>(Assert.Single(d.Events));
        Assert.Equal(Stage.InReview, s.S.Stage);
        Assert.True(s.S.ScreeningResult!.Passed);
        Assert.Equal([EmailKind.UnderReview], s.EmailKinds());
        Assert.Equal(WorkKind.AssignMentors, Assert.Single(d.Effects.OfType<EnqueueWork>()).Kind);
    }

    [Fact]
    public void Screening_may_complete_straight_from_submitted()
    {
        var s = new Scenario().Submitted();

        s.Run(new CompleteScreening("screen", "system"));

        Assert.Equal(Stage.InReview, s.S.Stage);
    }

    [Fact]
    public void A_redelivered_screening_after_the_verdict_changes_nothing()
    {
        var s = new Scenario().InReview();

        Assert.True(s.Run(new CompleteScreening("screen-again", "system", true, "app-0")).IsNoOp);
        Assert.True(s.Run(new StartScreening("start-again", "system")).IsNoOp);
        Assert.Equal(Stage.InReview, s.S.Stage);
    }

    [Theory]
    [InlineData("USC")]
    [InlineData("university of southern california")]
    [InlineData("南加州大学")]
    [InlineData("AFI Conservatory")]
    [InlineData("北京电影学院")]
    public void Schools_are_recognised_by_any_of_their_names(string school)
    {
        var s = SubmittedWith(Applicant(school: school));

        s.Run(new CompleteScreening("screen", "system"));

        Assert.Equal(Stage.InReview, s.S.Stage);
    }

    [Fact]
    public void An_unrecognised_school_is_screened_out_with_the_reason_emailed()
    {
        var s = SubmittedWith(Applicant(school: "Springfield Community College"));

        var reasons = ScreenOut(s);

        var reason = Assert.Single(reasons);
        Assert.Equal(ScreeningReason.SchoolNotRecognised, reason.Reason);
        var email = Assert.Single(s.Emails());
        Assert.Equal(EmailKind.ScreenedOut, email.Kind);
        Assert.Equal([new ScreeningReasonData(ScreeningReason.SchoolNotRecognised)], email.Data.Reasons!);
        Assert.Empty(s.Last!.Effects.OfType<EnqueueWork>());
    }

    [Theory]
    [InlineData(2021, true)]
    [InlineData(2020, false)]
    [InlineData(2026, true)]
    [InlineData(2027, true)]
    [InlineData(2028, false)]
    public void The_graduation_window_is_counted_from_the_current_year(int year, bool passes)
    {
        var s = SubmittedWith(Applicant(graduationYear: year));

        s.Run(new CompleteScreening("screen", "system"));

        Assert.Equal(passes ? Stage.InReview : Stage.ScreenedOut, s.S.Stage);
        if (!passes)
        {
            var expected = year > 2027 ? ScreeningReason.GraduationYearInFuture : ScreeningReason.GraduatedTooLongAgo;
            Assert.Equal(expected, Assert.Single(s.S.ScreeningResult!.Reasons).Reason);
        }
    }

    [Fact]
    public void A_project_language_the_program_does_not_take_is_screened_out()
    {
        var s = new Scenario().Submitted(Create(programId: "chunm-writers", track: "feature-development", project: Project(language: "yue")));

        Assert.Equal(ScreeningReason.ProjectLanguageNotAccepted, Assert.Single(ScreenOut(s)).Reason);
    }

    [Fact]
    public void A_duplicate_application_is_screened_out_naming_the_first()
    {
        var s = new Scenario().Submitted();

        var reason = Assert.Single(ScreenOut(s, new CompleteScreening("screen", "system", true, "app-0")));

        Assert.Equal(ScreeningReason.DuplicateApplication, reason.Reason);
        Assert.Contains("app-0", reason.Detail);
    }

    [Fact]
    public void Every_reason_is_reported_at_once()
    {
        var applicant = Applicant(school: "Nowhere U", graduationYear: 2001);
        var s = new Scenario().Submitted(Create(programId: "chunm-writers", track: "short-drama", applicant: applicant, project: Project(language: "fr")));

        var reasons = ScreenOut(s, new CompleteScreening("screen", "system", true, null));

        Assert.Equal(
            [
                ScreeningReason.SchoolNotRecognised,
                ScreeningReason.GraduatedTooLongAgo,
                ScreeningReason.ProjectLanguageNotAccepted,
                ScreeningReason.DuplicateApplication,
            ],
            reasons.Select(r => r.Reason));
        Assert.Equal(4, s.Emails().Single().Data.Reasons!.Count);
    }

    [Fact]
    public void Screening_checks_the_required_materials_in_force()
    {
        var s = new Scenario().Submitted();
        var cvRequired = Hina with
        {
            Materials = [.. Hina.Materials.Select(m => m.Kind == Domain.Programs.MaterialKind.Cv ? m with { Required = true } : m)],
        };

        var d = ApplicationDecider.Decide(s.S, new CompleteScreening("screen", "system"), At(s.Now, Domain.Programs.ProgramCatalog.From(cvRequired, ChunM)));

        var e = Assert.IsType<ScreenedOut>(Assert.Single(d.Events));
        var reason = Assert.Single(e.Reasons);
        Assert.Equal(ScreeningReason.MissingMaterial, reason.Reason);
        Assert.Equal("cv", reason.Detail);
    }

    [Fact]
    public void Screening_applies_the_text_limits_in_force()
    {
        var s = new Scenario().Submitted();
        var tighter = Domain.Programs.ProgramCatalog.From(Hina with { TextLimits = Hina.TextLimits with { Logline = 5 } }, ChunM);

        var d = ApplicationDecider.Decide(s.S, new CompleteScreening("screen", "system"), At(s.Now, tighter));

        var e = Assert.IsType<ScreenedOut>(Assert.Single(d.Events));
        Assert.Equal(ScreeningReason.TextTooLong, Assert.Single(e.Reasons).Reason);
        Assert.Contains("project.logline", e.Reasons[0].Detail);
        Assert.Equal(("project.logline", 5), (e.Reasons[0].Field, e.Reasons[0].Limit));
        Assert.Equal(
            [new ScreeningReasonData(ScreeningReason.TextTooLong, "project.logline", e.Reasons[0].Length, 5)],
            s.Emails(d).Single().Data.Reasons!);
    }

    [Fact]
    public void Staff_can_screen_a_screened_out_application_back_in()
    {
        var s = SubmittedWith(Applicant(school: "Nowhere U"));
        ScreenOut(s);

        var d = s.Run(new OverrideScreening("override", "staff:amy", ScreeningOutcome.Pass, "Studied at BFA's partner program."));

        Assert.IsType<ScreeningOverridden>(Assert.Single(d.Events));
        Assert.Equal(Stage.InReview, s.S.Stage);
        Assert.True(s.S.ScreeningResult!.Passed);
        Assert.True(s.S.ScreeningResult.Overridden);
        Assert.Equal([EmailKind.UnderReview], s.EmailKinds());
        Assert.Equal(WorkKind.AssignMentors, Assert.Single(d.Effects.OfType<EnqueueWork>()).Kind);
        Assert.True(s.Run(new OverrideScreening("override-2", "staff:amy", ScreeningOutcome.Pass, "again")).IsNoOp);
    }

    [Fact]
    public void Staff_can_screen_out_an_application_before_any_review_which_cancels_the_open_assignments()
    {
        var s = new Scenario().Assigned();

        var d = s.Run(new OverrideScreening("override", "staff:amy", ScreeningOutcome.Fail, "Graduation certificate is forged."));

        Assert.Equal(Stage.ScreenedOut, s.S.Stage);
        Assert.All(s.S.Assignments, a => Assert.Equal(AssignmentStatus.Cancelled, a.Status));
        Assert.Empty(s.S.PendingTimers);
        Assert.Equal(4, d.Effects.OfType<CancelTimer>().Count());
        Assert.Equal([EmailKind.ScreenedOut, EmailKind.MentorReviewCancelled, EmailKind.MentorReviewCancelled], s.EmailKinds());
        Assert.Equal(ScreeningReason.StaffOverride, s.S.ScreeningResult!.Reasons.Last().Reason);
        Assert.Equal([new ScreeningReasonData(ScreeningReason.StaffOverride, Note: "Graduation certificate is forged.")], s.Emails()[0].Data.Reasons!);
    }

    [Fact]
    public void A_reopened_application_can_be_reviewed_by_the_mentors_whose_reviews_were_cancelled()
    {
        var s = new Scenario().Assigned();
        s.Run(new OverrideScreening("out", "staff:amy", ScreeningOutcome.Fail, "Checking eligibility."));
        s.Run(new OverrideScreening("in", "staff:amy", ScreeningOutcome.Pass, "Eligibility confirmed."));

        s.Run(Assign());

        var open = s.S.Assignments.Where(a => a.Status == AssignmentStatus.Open).ToList();
        Assert.Equal(["a3", "a4"], open.Select(a => a.AssignmentId));
        Assert.Equal(["hd-chen-yu", "hd-wang-lei"], open.Select(a => a.MentorId));
    }

    [Fact]
    public void Screening_cannot_be_overridden_to_fail_once_a_review_is_in()
    {
        var s = new Scenario().Assigned();
        s.Run(Review(s.Program, "a1"));

        s.Refuse(new OverrideScreening("override", "staff:amy", ScreeningOutcome.Fail, "late"), RefusalKind.IllegalTransition, RefusalCodes.ReviewsStarted);
    }

    [Fact]
    public void An_override_needs_a_note_and_a_screened_application()
    {
        var s = new Scenario().Submitted();

        s.Refuse(new OverrideScreening("o", "staff:amy", ScreeningOutcome.Pass, " "), RefusalKind.InvalidInput);
        s.Refuse(new OverrideScreening("o", "staff:amy", ScreeningOutcome.Pass, "why"), RefusalKind.IllegalTransition, RefusalCodes.ScreeningNotComplete);
        s.Refuse(new OverrideScreening("o", "staff:amy", ScreeningOutcome.Fail, "why"), RefusalKind.IllegalTransition, RefusalCodes.ScreeningNotComplete);
    }
}
