using TalentFunctions.Domain.Applications;
using static TalentFunctions.Domain.Tests.TestData;

namespace TalentFunctions.Domain.Tests;

public sealed class MentorAssignmentTests
{
    private static IReadOnlyList<string> AssignedMentors(Scenario s) =>
        [.. s.S.Assignments.Where(a => a.Status == AssignmentStatus.Open).Select(a => a.MentorId)];

    [Fact]
    public void Two_mentors_are_assigned_with_a_due_date_timers_and_a_request_email()
    {
        var s = new Scenario().InReview();
        s.Advance(TimeSpan.FromHours(1));

        var d = s.Run(Assign());

        Assert.Equal(["hd-chen-yu", "hd-wang-lei"], AssignedMentors(s));
        var assigned = d.Events.OfType<MentorAssigned>().ToList();
        Assert.Equal(["a1", "a2"], assigned.Select(a => a.AssignmentId));
        var due = s.Now.AddDays(14);
        Assert.All(s.S.Assignments, a => Assert.Equal(due, a.DueAt));
        Assert.Equal(
            [
                (TimerIds.ReviewReminder("a1"), due.AddHours(-48)),
                (TimerIds.ReviewDue("a1"), due),
                (TimerIds.ReviewReminder("a2"), due.AddHours(-48)),
                (TimerIds.ReviewDue("a2"), due),
            ],
            d.Effects.OfType<ScheduleTimer>().Select(t => (t.TimerId, t.DueAt)));

        var emails = s.Emails();
        Assert.Equal([EmailKind.MentorReviewRequest, EmailKind.MentorReviewRequest], emails.Select(e => e.Kind));
        Assert.Equal("chen.yu@streamer-c.example", emails[0].To.Address);
        Assert.Equal(RecipientKind.Mentor, emails[0].To.Kind);
        Assert.Equal("zh", emails[0].To.Language);
        Assert.Equal("a1", emails[0].Data.AssignmentId);
        Assert.Equal("Chen Yu", emails[0].Data.MentorName);
        Assert.Equal(due, emails[0].Data.DueAt);
        Assert.Equal("Asia/Shanghai", emails[0].Data.TimeZone);
        Assert.Equal("雨季 The Rainy Season", emails[0].Data.ProjectTitle);
    }

    [Fact]
    public void Mentors_with_fewer_open_reviews_come_first()
    {
        var s = new Scenario().InReview();

        s.Run(Assign(new MentorLoad("hd-chen-yu", 3), new MentorLoad("hd-wang-lei", 1)));

        Assert.Equal(["hd-amara-okafor", "hd-daniel-reyes"], AssignedMentors(s));
    }

    [Fact]
    public void Among_equal_loads_the_projects_language_wins_then_the_applicants()
    {
        var english = new Scenario().InReview(Create(applicant: Applicant(language: "en"), project: Project(language: "en")));
        english.Run(Assign());
        Assert.Equal(["hd-amara-okafor", "hd-daniel-reyes"], AssignedMentors(english));

        var cantonese = new Scenario().InReview(Create(applicant: Applicant(language: "zh"), project: Project(language: "yue")));
        cantonese.Run(Assign());
        Assert.Equal(["hd-chen-yu", "hd-wang-lei"], AssignedMentors(cantonese));
    }

    [Fact]
    public void A_mentor_from_the_applicants_school_is_never_assigned_whatever_name_is_used()
    {
        var s = new Scenario().InReview(Create(applicant: Applicant(school: "南加州大学", language: "en"), project: Project(language: "en")));

        s.Run(Assign());

        Assert.DoesNotContain("hd-amara-okafor", AssignedMentors(s));
        var amara = Hina.FindMentor("hd-amara-okafor")!;
        Assert.Equal("shares the school 'USC'", MentorMatcher.ConflictOf(amara, s.S, Hina));
    }

    [Fact]
    public void Company_affiliations_and_email_domains_are_conflicts()
    {
        var applicant = Applicant(email: "me@kestrel-media.example", affiliations: ["streamer c"]);
        var s = new Scenario().Draft(Create(applicant: applicant));

        Assert.Equal("shares the affiliation 'Streamer C'", MentorMatcher.ConflictOf(Hina.FindMentor("hd-chen-yu")!, s.S, Hina));
        Assert.Equal("shares the email domain 'kestrel-media.example'", MentorMatcher.ConflictOf(Hina.FindMentor("hd-hana-sato")!, s.S, Hina));
        Assert.Null(MentorMatcher.ConflictOf(Hina.FindMentor("hd-daniel-reyes")!, s.S, Hina));
        Assert.Equal(
            ["hd-wang-lei", "hd-amara-okafor", "hd-daniel-reyes"],
            MentorMatcher.Rank(Hina, s.S, new Dictionary<string, int>()).Select(m => m.Id));
    }

    [Fact]
    public void A_mentor_at_their_maximum_of_open_reviews_is_skipped()
    {
        var s = new Scenario().InReview();

        s.Run(Assign(new MentorLoad("hd-chen-yu", 5)));

        Assert.Equal(["hd-wang-lei", "hd-amara-okafor"], AssignedMentors(s));
    }

    [Fact]
    public void When_mentors_run_out_the_slot_stays_unfilled_and_staff_are_told_once()
    {
        var s = new Scenario().InReview();
        MentorLoad[] busy = [new("hd-amara-okafor", 6), new("hd-chen-yu", 5), new("hd-daniel-reyes", 5), new("hd-hana-sato", 4)];

        var d = s.Run(Assign(busy));

        Assert.Equal(["hd-wang-lei"], AssignedMentors(s));
        Assert.Equal(1, Assert.Single(d.Events.OfType<ReviewSlotUnfilled>()).UnfilledSlots);
        Assert.Equal([AttentionReasons.NoMentorLeft], s.S.NeedsAttention);
        Assert.Equal(1, s.S.UnfilledSlots);
        Assert.Equal([EmailKind.MentorReviewRequest, EmailKind.StaffNoMentorLeft], s.EmailKinds());
        var staff = s.Emails()[1];
        Assert.Equal(new Recipient(RecipientKind.Staff, "directors-program@hina-talent.example", Hina.Name.En, "en"), staff.To);
        Assert.Equal(1, staff.Data.UnfilledSlots);

        Assert.True(s.Run(Assign(busy)).IsNoOp);

        var filled = s.Run(Assign());
        Assert.Single(filled.Events);
        Assert.Equal(["hd-wang-lei", "hd-chen-yu"], AssignedMentors(s));
        Assert.Equal(0, s.S.UnfilledSlots);
        Assert.Empty(s.S.NeedsAttention);
    }

    [Fact]
    public void Needs_attention_stays_until_every_unfilled_slot_has_a_mentor()
    {
        var s = new Scenario().InReview();
        MentorLoad[] allBusy = [.. Hina.Mentors.Select(m => new MentorLoad(m.Id, m.MaxOpenReviews))];
        s.Run(Assign(allBusy));
        Assert.Equal(2, s.S.UnfilledSlots);

        var one = s.Run(Assign([.. allBusy.Where(l => l.MentorId != "hd-daniel-reyes")]));

        Assert.IsType<MentorAssigned>(Assert.Single(one.Events));
        Assert.Equal(1, s.S.UnfilledSlots);
        Assert.Equal([AttentionReasons.NoMentorLeft], s.S.NeedsAttention);
        Assert.Equal([EmailKind.MentorReviewRequest], s.EmailKinds());
    }

    [Fact]
    public void Assigning_again_when_every_slot_is_held_changes_nothing()
    {
        var s = new Scenario().Assigned();

        Assert.True(s.Run(Assign()).IsNoOp);
    }

    [Fact]
    public void Mentors_are_assigned_only_after_screening()
    {
        var s = new Scenario().Submitted();

        s.Refuse(Assign(), RefusalKind.IllegalTransition, RefusalCodes.NotInReview);
    }

    [Fact]
    public void A_redelivered_assignment_after_review_or_withdrawal_changes_nothing()
    {
        var reviewed = new Scenario().Reviewed();
        Assert.True(reviewed.Run(Assign()).IsNoOp);

        var withdrawn = new Scenario().InReview();
        withdrawn.Run(new Withdraw("w", "applicant"));
        Assert.True(withdrawn.Run(Assign()).IsNoOp);
    }

    [Fact]
    public void Loads_of_unknown_mentors_and_missing_loads_are_tolerated()
    {
        var s = new Scenario().InReview();

        s.Run(new AssignMentors("assign", "system", [new MentorLoad("ghost", 99), new MentorLoad("hd-chen-yu", -3)]));

        Assert.Equal(["hd-chen-yu", "hd-wang-lei"], AssignedMentors(s));
    }
}
