using TalentFunctions.Domain.Applications;
using static TalentFunctions.Domain.Tests.TestData;

namespace TalentFunctions.Domain.Tests;

/// <summary>Half-filled drafts: created with only an email, filled field by field, and checked for completeness at submission.</summary>
public sealed class PartialDraftTests
{
    private static readonly Applicant OnlyEmail = new()
    {
        Name = "", Email = "partial@mail.example", PreferredLanguage = "", School = "", GraduationYear = 0,
    };

    private static readonly Project Nothing = new() { Title = "", Logline = "", Synopsis = "", Language = "", Format = null };

    private static CreateDraft CreatePartial(Applicant? applicant = null, Project? project = null, string track = "") =>
        Create(track: track, applicant: applicant ?? OnlyEmail, project: project ?? Nothing) with { Partial = true };

    [Fact]
    public void A_partial_draft_needs_only_the_email()
    {
        var s = new Scenario().Draft(CreatePartial());

        Assert.Equal("", s.S.Applicant.Name);
        Assert.Null(s.S.Project.Format);
        new Scenario().Refuse(CreatePartial(applicant: OnlyEmail with { Email = "" }), RefusalKind.InvalidInput);
    }

    [Fact]
    public void What_a_partial_draft_gives_is_checked_as_always()
    {
        var r = new Scenario().Refuse(
            CreatePartial(applicant: OnlyEmail with { GraduationYear = 1900, PreferredLanguage = "fr" }, project: Nothing with { Logline = new string('雨', 301) }, track: "acting"),
            RefusalKind.InvalidInput);

        Assert.Contains(r.Details, d => d.StartsWith("applicant.graduationYear", StringComparison.Ordinal));
        Assert.Contains(r.Details, d => d.StartsWith("applicant.preferredLanguage", StringComparison.Ordinal));
        Assert.Contains(r.Details, d => d.StartsWith("project.logline", StringComparison.Ordinal));
        Assert.Contains(r.Details, d => d.StartsWith("track 'acting'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_create_that_is_not_partial_still_needs_every_field()
    {
        var r = new Scenario().Refuse(Create(applicant: OnlyEmail, project: Nothing), RefusalKind.InvalidInput);

        Assert.Contains("applicant.name is required", r.Details);
        Assert.Contains("project.title is required", r.Details);
    }

    [Fact]
    public void Changes_merge_single_fields_and_keep_the_others()
    {
        var s = new Scenario().Draft();

        var d = s.Run(new EditDraft("edit", "applicant", ApplicantChanges: new ApplicantChanges(Name: "林雨"), ProjectChanges: new ProjectChanges(Title: "新标题")));

        var edited = Assert.IsType<DraftEdited>(Assert.Single(d.Events));
        Assert.Equal("林雨", edited.Applicant.Name);
        Assert.Equal(Applicant().School, edited.Applicant.School);
        Assert.Equal("新标题", edited.Project.Title);
        Assert.Equal(Project().Logline, edited.Project.Logline);
    }

    [Fact]
    public void Submitting_an_incomplete_draft_names_every_missing_field_and_material()
    {
        var s = new Scenario().Draft(CreatePartial());
        s.Run(new EditDraft("edit", "applicant", ApplicantChanges: new ApplicantChanges(Name: "林小雨")));

        var r = s.Refuse(new Submit("submit", "applicant"), RefusalKind.Incomplete, RefusalCodes.ApplicationIncomplete);

        Assert.Equal(422, r.HttpStatus);
        var fields = r.Fields.Select(f => f.Field).ToList();
        Assert.DoesNotContain("applicant.name", fields);
        Assert.Contains("track", fields);
        Assert.Contains("applicant.school", fields);
        Assert.Contains("applicant.graduationYear", fields);
        Assert.Contains("project.title", fields);
        Assert.Contains("project.format", fields);
        Assert.Contains("materials.reel", fields);
    }

    [Fact]
    public void A_partial_draft_filled_in_can_be_submitted()
    {
        var s = new Scenario().Draft(CreatePartial());
        s.Run(new EditDraft("fill", "applicant", Track: "original-ip", Applicant: Applicant() with { Email = OnlyEmail.Email }, Project: Project()));
        s.WithRequiredMaterials();

        s.Run(new Submit("submit", "applicant"));

        Assert.Equal(Stage.Submitted, s.S.Stage);
    }

    [Fact]
    public void Only_materials_missing_keeps_the_missing_materials_refusal_and_names_the_fields()
    {
        var s = new Scenario().Draft();

        var r = s.Refuse(new Submit("submit", "applicant"), RefusalKind.MissingMaterials, RefusalCodes.MissingMaterials);

        Assert.Equal(["reel"], r.Details);
        Assert.Equal("materials.reel", Assert.Single(r.Fields).Field);
    }
}
