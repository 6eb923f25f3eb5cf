using TalentFunctions.Domain.Applications;
using static TalentFunctions.Domain.Tests.TestData;

namespace TalentFunctions.Domain.Tests;

public sealed class DraftTests
{
    [Fact]
    public void Creating_a_draft_records_it_schedules_the_draft_timers_and_welcomes_the_applicant()
    {
        var s = new Scenario();

        var d = s.Run(Create());

        var created = Assert.IsType<DraftCreated>(Assert.Single(d.Events));
        Assert.Equal(Now, created.At);
        Assert.Equal("applicant", created.Actor);
        Assert.Equal(Stage.Draft, s.S.Stage);
        Assert.Equal(1, s.S.Version);
        Assert.Equal(AppId, s.S.Id);
        Assert.Equal("2026-27", s.S.Cycle);
        Assert.Equal(Hina.Deadline, s.S.Deadline);
        Assert.Equal("hash-app-1", s.S.AccessTokenHash);
        Assert.Equal("Asia/Shanghai", s.S.Applicant.TimeZone);

        var timers = d.Effects.OfType<ScheduleTimer>().ToList();
        Assert.Equal([TimerIds.DraftReminder72h, TimerIds.DraftReminder24h, TimerIds.DraftDeadline], timers.Select(t => t.TimerId));
        Assert.Equal(Hina.Deadline - TimeSpan.FromHours(72), timers[0].DueAt);
        Assert.Equal(Hina.Deadline - TimeSpan.FromHours(24), timers[1].DueAt);
        Assert.Equal(Hina.Deadline, timers[2].DueAt);
        Assert.Equal(timers.Select(t => t.TimerId), s.S.PendingTimers.Select(t => t.TimerId));

        var email = Assert.Single(s.Emails());
        Assert.Equal(EmailKind.DraftStarted, email.Kind);
        Assert.Equal(new Recipient(RecipientKind.Applicant, "xiaoyu@mail.example", "林小雨", "zh"), email.To);
        Assert.Equal(Hina.Deadline, email.Data.Deadline);
        Assert.Equal(TimeSpan.Zero, email.Data.Deadline!.Value.Offset);
        Assert.Equal("Asia/Shanghai", email.Data.TimeZone);
        Assert.Equal(Hina.Name.Zh, email.Data.ProgramName);
        Assert.Equal("原创IP项目孵化", email.Data.TrackName);
        Assert.Equal(AppId, email.ApplicationId);
    }

    [Fact]
    public void Dates_in_applicant_emails_use_the_applicants_time_zone()
    {
        var applicant = Applicant(language: "en") with { TimeZone = "America/Los_Angeles" };
        var s = new Scenario();

        s.Run(Create(applicant: applicant));

        var email = Assert.Single(s.Emails());
        Assert.Equal("America/Los_Angeles", email.Data.TimeZone);
        Assert.Equal(Hina.Deadline, email.Data.Deadline);
        Assert.Equal(Hina.Name.En, email.Data.ProgramName);
    }

    [Fact]
    public void A_draft_started_close_to_the_deadline_schedules_only_the_timers_still_ahead()
    {
        var s = new Scenario(now: Hina.Deadline - TimeSpan.FromHours(30));

        var d = s.Run(Create());

        Assert.Equal([TimerIds.DraftReminder24h, TimerIds.DraftDeadline], d.Effects.OfType<ScheduleTimer>().Select(t => t.TimerId));
    }

    [Fact]
    public void A_draft_cannot_be_started_before_the_program_opens()
    {
        var s = new Scenario(now: Hina.OpensAt.AddMinutes(-1));

        var r = s.Refuse(Create(), RefusalKind.IllegalTransition, RefusalCodes.ProgramNotOpen);

        Assert.Contains("opens", r.Message);
    }

    [Fact]
    public void A_draft_cannot_be_started_after_the_deadline()
    {
        var s = new Scenario(now: Hina.Deadline.AddMinutes(1));

        s.Refuse(Create(), RefusalKind.DeadlinePassed, RefusalCodes.DeadlinePassed);
    }

    [Fact]
    public void A_draft_can_be_started_at_the_very_deadline()
    {
        var s = new Scenario(now: Hina.Deadline);

        var d = s.Run(Create());

        Assert.Equal([TimerIds.DraftDeadline], d.Effects.OfType<ScheduleTimer>().Select(t => t.TimerId));
    }

    [Fact]
    public void An_unknown_program_is_not_found()
    {
        new Scenario().Refuse(Create(programId: "no-such-program"), RefusalKind.NotFound, RefusalCodes.ProgramNotFound);
    }

    [Fact]
    public void A_track_of_another_program_is_refused_naming_the_field()
    {
        var r = new Scenario().Refuse(Create(track: "series-room"), RefusalKind.InvalidInput, RefusalCodes.InvalidInput);

        Assert.Contains(r.Details, d => d.StartsWith("track 'series-room'", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_invalid_field_is_listed()
    {
        var applicant = Applicant() with
        {
            Name = " ",
            Email = "no-at-sign",
            PreferredLanguage = "fr",
            TimeZone = "Nowhere/Land",
            School = "",
            GraduationYear = 1900,
        };
        var project = Project() with { Title = "", Synopsis = new string('x', 5001), Language = "zh cn", Format = (ProjectFormat)42 };

        var r = new Scenario().Refuse(Create(applicant: applicant, project: project), RefusalKind.InvalidInput);

        Assert.Contains("applicant.name is required", r.Details);
        Assert.Contains("applicant.email 'no-at-sign' is not an email address", r.Details);
        Assert.Contains("applicant.preferredLanguage must be 'zh' or 'en'", r.Details);
        Assert.Contains("applicant.timeZone 'Nowhere/Land' is not a known IANA time zone", r.Details);
        Assert.Contains("applicant.school is required", r.Details);
        Assert.Contains(r.Details, d => d.StartsWith("applicant.graduationYear", StringComparison.Ordinal));
        Assert.Contains("project.title is required", r.Details);
        Assert.Contains("project.synopsis must be at most 5000 characters (has 5001)", r.Details);
        Assert.Contains(r.Details, d => d.StartsWith("project.language", StringComparison.Ordinal));
        Assert.Contains(r.Details, d => d.StartsWith("project.format", StringComparison.Ordinal));
    }

    [Fact]
    public void A_logline_over_the_limit_is_refused_counting_characters_not_bytes()
    {
        var atLimit = new string('雨', 300);
        var overLimit = new string('雨', 301);

        new Scenario().Run(Create(project: Project(logline: atLimit)));
        var r = new Scenario().Refuse(Create(project: Project(logline: overLimit)), RefusalKind.InvalidInput);

        Assert.Equal(["project.logline must be at most 300 characters (has 301)"], r.Details);
    }

    [Fact]
    public void Bad_ids_and_a_missing_token_hash_are_refused()
    {
        var create = Create() with { ApplicationId = "has/slash", AccessTokenHash = "" };

        var r = new Scenario().Refuse(create, RefusalKind.InvalidInput);

        Assert.Contains(r.Details, d => d.StartsWith("applicationId", StringComparison.Ordinal));
        Assert.Contains("accessTokenHash is required", r.Details);
    }

    [Fact]
    public void A_command_without_id_or_actor_is_refused()
    {
        new Scenario().Refuse(Create() with { CommandId = "" }, RefusalKind.InvalidInput);
        new Scenario().Refuse(Create() with { Actor = " " }, RefusalKind.InvalidInput);
    }

    [Fact]
    public void Creating_an_existing_application_is_a_conflict()
    {
        var s = new Scenario().Draft();

        s.Refuse(Create(), RefusalKind.Conflict, RefusalCodes.ApplicationExists);
    }

    [Fact]
    public void Any_other_command_on_a_missing_application_is_not_found()
    {
        new Scenario().Refuse(new Submit("s", "applicant"), RefusalKind.NotFound, RefusalCodes.ApplicationNotFound);
        new Scenario().Refuse(new TimerFired("t", "system", TimerIds.DraftDeadline), RefusalKind.NotFound);
    }

    [Fact]
    public void A_program_removed_from_the_configuration_is_reported()
    {
        var s = new Scenario().Draft();
        var other = Domain.Programs.ProgramCatalog.From(ChunM);

        var d = ApplicationDecider.Decide(s.S, new Submit("s", "applicant"), At(Now, other));

        Assert.Equal(RefusalCodes.ProgramNotFound, d.Refusal!.Code);
    }

    [Fact]
    public void Editing_a_draft_replaces_the_given_parts()
    {
        var s = new Scenario().Draft();
        s.Advance(TimeSpan.FromHours(1));

        var d = s.Run(new EditDraft("edit", "applicant", Track: "second-unit", Project: Project(title: "New title")));

        var edited = Assert.IsType<DraftEdited>(Assert.Single(d.Events));
        Assert.Equal("second-unit", edited.Track);
        Assert.Equal("New title", s.S.Project.Title);
        Assert.Equal("林小雨", s.S.Applicant.Name);
        Assert.Equal(Now.AddHours(1), s.S.UpdatedAt);
        Assert.Empty(d.Effects);
    }

    [Fact]
    public void An_edit_that_changes_nothing_records_nothing()
    {
        var s = new Scenario().Draft();

        var d = s.Run(new EditDraft("edit", "applicant", Track: "original-ip", Applicant: Applicant(), Project: Project()));

        Assert.True(d.IsNoOp);
        Assert.Equal(1, s.S.Version);
    }

    [Fact]
    public void An_invalid_edit_is_refused_naming_the_field()
    {
        var s = new Scenario().Draft();

        var r = s.Refuse(new EditDraft("edit", "applicant", Applicant: Applicant(email: "broken")), RefusalKind.InvalidInput);

        Assert.Equal(["applicant.email 'broken' is not an email address"], r.Details);
    }

    [Fact]
    public void A_submitted_application_can_no_longer_be_edited()
    {
        var s = new Scenario().Submitted();

        s.Refuse(new EditDraft("edit", "applicant", Track: "second-unit"), RefusalKind.IllegalTransition, RefusalCodes.NotADraft);
    }

    [Fact]
    public void A_draft_cannot_be_edited_after_the_deadline()
    {
        var s = new Scenario().Draft();
        s.Now = Hina.Deadline.AddSeconds(1);

        s.Refuse(new EditDraft("edit", "applicant", Track: "second-unit"), RefusalKind.DeadlinePassed);
    }
}
