using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using static TalentFunctions.Domain.Tests.TestData;

namespace TalentFunctions.Domain.Tests;

public sealed class MaterialAndSubmitTests
{
    [Fact]
    public void A_requested_material_is_pending_until_verified()
    {
        var s = new Scenario().Draft();

        s.Run(RequestReel(length: 5000));
        var pending = Assert.Single(s.S.Materials);
        Assert.Equal(MaterialStatus.Pending, pending.Status);
        Assert.Equal(5000, pending.Length);
        Assert.Equal("materials/m-reel", pending.BlobName);

        s.Run(AttachReel(length: 4999));
        var verified = Assert.Single(s.S.Materials);
        Assert.Equal(MaterialStatus.Verified, verified.Status);
        Assert.Equal(4999, verified.Length);
        Assert.Equal(Now, verified.VerifiedAt);
    }

    [Fact]
    public void Several_materials_of_one_kind_may_be_held()
    {
        var s = new Scenario().Draft();

        s.Run(RequestPdf(MaterialKind.Script, "s1"));
        s.Run(RequestPdf(MaterialKind.Script, "s2"));

        Assert.Equal(["s1", "s2"], s.S.Materials.Select(m => m.MaterialId));
    }

    [Fact]
    public void A_kind_the_program_does_not_take_is_refused()
    {
        var s = new Scenario().Draft();

        var r = s.Refuse(RequestPdf(MaterialKind.Lookbook, "lb"), RefusalKind.InvalidInput, RefusalCodes.MaterialKindNotAccepted);

        Assert.Equal(["kind must be one of reel, script, cv"], r.Details);
    }

    [Fact]
    public void A_reel_over_two_gibibytes_is_refused()
    {
        var s = new Scenario().Draft();

        s.Run(RequestReel(length: 2L * 1024 * 1024 * 1024));
        s.Refuse(RequestReel("big", 2L * 1024 * 1024 * 1024 + 1), RefusalKind.InvalidInput, RefusalCodes.MaterialTooLarge);
    }

    [Fact]
    public void A_content_type_outside_the_kinds_family_is_refused()
    {
        var s = new Scenario().Draft();

        s.Refuse(RequestReel() with { ContentType = "application/pdf" }, RefusalKind.InvalidInput, RefusalCodes.ContentTypeNotAccepted);
        s.Run(RequestReel() with { ContentType = "video/mp4; codecs=avc1" });
    }

    [Fact]
    public void Missing_upload_fields_are_listed()
    {
        var s = new Scenario().Draft();

        var r = s.Refuse(RequestReel() with { MaterialId = "", FileName = "", BlobName = "", Length = 0 }, RefusalKind.InvalidInput);

        Assert.Equal(4, r.Details.Count);
    }

    [Fact]
    public void Requesting_the_same_material_again_is_harmless_but_a_different_one_under_its_id_conflicts()
    {
        var s = new Scenario().Draft();
        s.Run(RequestReel());

        Assert.True(s.Run(RequestReel()).IsNoOp);
        s.Refuse(RequestReel() with { FileName = "other.mp4" }, RefusalKind.Conflict, RefusalCodes.MaterialExists);
    }

    [Fact]
    public void The_number_of_materials_is_bounded()
    {
        var s = new Scenario().Draft();
        for (var i = 0; i < DraftRules.MaxMaterials; i++)
        {
            s.Run(RequestPdf(MaterialKind.Cv, $"cv{i}"));
        }

        s.Refuse(RequestPdf(MaterialKind.Cv, "one-more"), RefusalKind.Conflict, RefusalCodes.TooManyMaterials);
    }

    [Fact]
    public void Attaching_an_unknown_material_is_not_found()
    {
        var s = new Scenario().Draft();

        s.Refuse(AttachReel("ghost"), RefusalKind.NotFound, RefusalCodes.MaterialNotFound);
    }

    [Fact]
    public void A_verified_file_must_still_fit_the_rules()
    {
        var s = new Scenario().Draft();
        s.Run(RequestReel());

        s.Refuse(AttachReel(length: 0), RefusalKind.InvalidInput, RefusalCodes.InvalidInput);
        s.Refuse(AttachReel(length: 3L * 1024 * 1024 * 1024), RefusalKind.InvalidInput, RefusalCodes.MaterialTooLarge);
        s.Refuse(AttachReel() with { ContentType = "image/png" }, RefusalKind.InvalidInput, RefusalCodes.ContentTypeNotAccepted);
    }

    [Fact]
    public void Attaching_twice_records_once()
    {
        var s = new Scenario().Draft().WithReel();

        Assert.True(s.Run(AttachReel()).IsNoOp);
    }

    [Fact]
    public void A_material_can_be_removed_from_a_draft()
    {
        var s = new Scenario().Draft().WithReel();

        s.Run(new RemoveMaterial("rm", "applicant", "m-reel"));

        Assert.Empty(s.S.Materials);
        s.Refuse(new RemoveMaterial("rm2", "applicant", "m-reel"), RefusalKind.NotFound, RefusalCodes.MaterialNotFound);
    }

    [Fact]
    public void Materials_cannot_change_after_submission()
    {
        var s = new Scenario().Submitted();

        s.Refuse(RequestPdf(MaterialKind.Cv, "cv"), RefusalKind.IllegalTransition, RefusalCodes.NotADraft);
        s.Refuse(AttachReel(), RefusalKind.IllegalTransition, RefusalCodes.NotADraft);
        s.Refuse(new RemoveMaterial("rm", "applicant", "m-reel"), RefusalKind.IllegalTransition, RefusalCodes.NotADraft);
    }

    [Fact]
    public void A_material_cannot_be_requested_after_the_deadline()
    {
        var s = new Scenario().Draft();
        s.Now = Hina.Deadline.AddMinutes(1);

        s.Refuse(RequestReel(), RefusalKind.DeadlinePassed);
    }

    [Fact]
    public void Submitting_without_the_required_material_lists_what_is_missing()
    {
        var s = new Scenario().Draft();
        s.Run(RequestReel());
        s.Run(RequestPdf(MaterialKind.Cv, "cv"));
        s.Run(AttachPdf("cv"));

        var r = s.Refuse(new Submit("submit", "applicant"), RefusalKind.MissingMaterials, RefusalCodes.MissingMaterials);

        Assert.Equal(["reel"], r.Details);
        Assert.Contains("reel", r.Message);
        Assert.Equal(422, r.HttpStatus);
    }

    [Fact]
    public void The_screenwriters_program_requires_a_script()
    {
        var s = new Scenario().Draft(Create(programId: "chunm-writers", track: "series-room"));
        s.Run(RequestReel() with { Kind = MaterialKind.Lookbook, ContentType = "application/pdf" });

        var r = s.Refuse(new Submit("submit", "applicant"), RefusalKind.MissingMaterials);

        Assert.Equal(["script"], r.Details);
    }

    [Fact]
    public void Submitting_cancels_the_draft_timers_confirms_and_queues_screening()
    {
        var s = new Scenario().Draft().WithRequiredMaterials();
        s.Advance(TimeSpan.FromDays(1));

        var d = s.Run(new Submit("submit", "applicant"));

        Assert.IsType<Submitted>(Assert.Single(d.Events));
        Assert.Equal(Stage.Submitted, s.S.Stage);
        Assert.Equal(s.Now, s.S.SubmittedAt);
        Assert.Empty(s.S.PendingTimers);
        Assert.Equal(
            [TimerIds.DraftReminder72h, TimerIds.DraftReminder24h, TimerIds.DraftDeadline],
            d.Effects.OfType<CancelTimer>().Select(c => c.TimerId));
        Assert.Equal([EmailKind.SubmissionReceived], s.EmailKinds());
        Assert.Equal(WorkKind.Screening, Assert.Single(d.Effects.OfType<EnqueueWork>()).Kind);
    }

    [Fact]
    public void Submitting_after_the_deadline_is_refused_even_with_everything_ready()
    {
        var s = new Scenario().Draft().WithReel();
        s.Now = Hina.Deadline.AddSeconds(1);

        var r = s.Refuse(new Submit("submit", "applicant"), RefusalKind.DeadlinePassed, RefusalCodes.DeadlinePassed);

        Assert.Equal(409, r.HttpStatus);
    }

    [Fact]
    public void Submitting_twice_is_an_illegal_transition()
    {
        var s = new Scenario().Submitted();

        s.Refuse(new Submit("submit-2", "applicant"), RefusalKind.IllegalTransition, RefusalCodes.NotADraft);
    }

    [Fact]
    public void A_draft_that_no_longer_fits_a_tightened_limit_cannot_be_submitted()
    {
        var s = new Scenario().Draft().WithReel();
        var tighter = ProgramCatalog.From(Hina with { TextLimits = new TextLimits(5, 300, 5000) }, ChunM);

        var d = ApplicationDecider.Decide(s.S, new Submit("submit", "applicant"), At(s.Now, tighter));

        Assert.Equal(RefusalKind.InvalidInput, d.Refusal!.Kind);
        Assert.Contains(d.Refusal.Details, x => x.StartsWith("project.title", StringComparison.Ordinal));
    }
}
