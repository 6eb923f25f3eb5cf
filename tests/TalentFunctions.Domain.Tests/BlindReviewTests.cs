using System.Text.Json.Nodes;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using static TalentFunctions.Domain.Tests.TestData;

namespace TalentFunctions.Domain.Tests;

/// <summary>Blind review (ADR 0012): the setting, what a mentor may open, the mentors' email facts, conflicts.</summary>
public sealed class BlindReviewTests
{
    private static readonly ProgramCatalog NotBlind = ProgramCatalog.From(Catalog.All.Select(p => p with { Review = new ReviewSettings(Blind: false) }));

    private static string DefaultJson()
    {
        using var stream = typeof(ProgramCatalog).Assembly.GetManifestResourceStream(ProgramCatalog.ResourceName)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static ProgramCatalog LoadWith(Action<JsonObject> changeFirstProgram)
    {
        var root = JsonNode.Parse(DefaultJson())!;
        changeFirstProgram(root["programs"]![0]!.AsObject());
        return ProgramCatalog.Load(root.ToJsonString());
    }

    [Fact]
    public void Both_programs_review_blind_and_a_program_without_the_setting_does_too()
    {
        Assert.All(Catalog.All, p => Assert.True(p.Review.Blind));
        Assert.True(LoadWith(p => p.Remove("review")).Get("hina-directors")!.Review.Blind);
        Assert.True(LoadWith(p => p["review"] = new JsonObject()).Get("hina-directors")!.Review.Blind);
        Assert.True(new ProgramDefinition
        {
            Id = "x", Name = new("x", "x"), Description = new("x", "x"), Cycle = "c", TimeZone = "UTC", OpensAt = Now, Deadline = Now,
            Tracks = [], Materials = [], Eligibility = new([], 1, []), Rubric = [], CohortCapacity = 1, StaffEmail = "s@x.example", Mentors = [],
            TextLimits = new(1, 1, 1),
        }.Review.Blind);
    }

    [Fact]
    public void Blind_review_is_turned_off_per_program_and_a_misspelt_setting_is_refused()
    {
        var catalog = LoadWith(p => p["review"] = new JsonObject { ["blind"] = false });
        Assert.False(catalog.Get("hina-directors")!.Review.Blind);
        Assert.True(catalog.Get("chunm-writers")!.Review.Blind);

        var error = Assert.Throws<ProgramCatalogException>(() => LoadWith(p => p["review"] = new JsonObject { ["blnd"] = false }));
        Assert.Contains("review", error.Message);
        Assert.Throws<ProgramCatalogException>(() => LoadWith(p => p["review"] = new JsonObject { ["blind"] = "yes" }));
    }

    /// <summary>A draft in Hina with a reel, two scripts, a CV (all verified) and a script still uploading.</summary>
    private static Scenario WithMaterials(ProgramCatalog catalog)
    {
        var s = new Scenario(catalog).Draft();
        s.Run(new RequestMaterial("r1", "applicant", "m-reel", MaterialKind.Reel, "林墨白 reel.MOV", "video/quicktime", 1024, "app/m-reel.mov"));
        s.Run(new AttachMaterial("a1", "applicant", "m-reel", 1000, "video/quicktime"));
        foreach (var (id, name) in new[] { ("m-s1", "林墨白 draft 1.pdf"), ("m-cv", "林墨白 CV.pdf"), ("m-s2", "Lin Mobai draft 2.linmobai") })
        {
            var kind = id == "m-cv" ? MaterialKind.Cv : MaterialKind.Script;
            s.Run(new RequestMaterial("r-" + id, "applicant", id, kind, name, "application/pdf; name=\"linmobai.pdf\"", 2048, "app/" + id));
            s.Run(AttachPdf(id));
        }
        s.Run(RequestPdf(MaterialKind.Script, "m-pending"));
        return s;
    }

    [Fact]
    public void In_a_blind_program_a_mentor_opens_the_reel_and_scripts_under_neutral_names_and_never_the_cv()
    {
        var s = WithMaterials(Catalog);

        var shown = MentorView.Materials(s.S, s.Program);

        Assert.Equal(["m-reel", "m-s1", "m-s2"], shown.Select(m => m.Material.MaterialId));
        Assert.Equal(["reel.mov", "script-1.pdf", "script-2.pdf"], shown.Select(m => m.FileName));
        Assert.False(MentorView.MayOpen(s.Program, MaterialKind.Cv));
        Assert.False(MentorView.MayOpen(s.Program, MaterialKind.Lookbook));
        Assert.True(MentorView.MayOpen(s.Program, MaterialKind.Script));
    }

    [Fact]
    public void Without_blind_review_a_mentor_opens_every_verified_material_under_its_own_name()
    {
        var s = WithMaterials(NotBlind);

        var shown = MentorView.Materials(s.S, s.Program);

        Assert.Equal(["m-reel", "m-s1", "m-cv", "m-s2"], shown.Select(m => m.Material.MaterialId));
        Assert.Equal(["林墨白 reel.MOV", "林墨白 draft 1.pdf", "林墨白 CV.pdf", "Lin Mobai draft 2.linmobai"], shown.Select(m => m.FileName));
        Assert.True(MentorView.MayOpen(s.Program, MaterialKind.Cv));
    }

    [Theory]
    [InlineData(MaterialKind.Script, "application/pdf", null, "script.pdf")]
    [InlineData(MaterialKind.Reel, "VIDEO/MP4; codecs=avc1", null, "reel.mp4")]
    [InlineData(MaterialKind.Reel, "video/webm", 3, "reel-3.webm")]
    [InlineData(MaterialKind.Reel, "video/x-matroska", null, "reel.mkv")]
    [InlineData(MaterialKind.Reel, "application/x-linmobai", null, "reel")]
    public void A_neutral_file_name_is_the_kind_a_number_and_the_extension_of_the_verified_type(MaterialKind kind, string contentType, int? ordinal, string expected) =>
        Assert.Equal(expected, MentorView.NeutralFileName(kind, contentType, ordinal));

    [Fact]
    public void Mentor_emails_of_a_blind_program_carry_no_applicant_name_while_staff_and_applicant_emails_do()
    {
        var s = new Scenario().Assigned();
        var requests = s.Emails().Where(e => e.Kind == EmailKind.MentorReviewRequest).ToList();
        s.Advance(TimeSpan.FromDays(1));
        s.Run(Review(s.Program, "a1"));
        var thanks = s.Emails().Where(e => e.Kind == EmailKind.MentorThankYou).ToList();
        s.Run(new Withdraw("withdraw", "applicant", null));
        var cancelled = s.Emails().Where(e => e.Kind == EmailKind.MentorReviewCancelled).ToList();
        var applicantMail = s.Emails().Where(e => e.To.Kind == RecipientKind.Applicant).ToList();

        Assert.Equal(2, requests.Count);
        Assert.Single(thanks);
        Assert.Single(cancelled);
        Assert.All(requests.Concat(thanks).Concat(cancelled), e =>
        {
            Assert.Equal(RecipientKind.Mentor, e.To.Kind);
            Assert.Equal("", e.Data.ApplicantName);
            Assert.True(e.Data.BlindReview);
            Assert.Equal("雨季 The Rainy Season", e.Data.ProjectTitle);
            Assert.DoesNotContain("林小雨", DomainJson.Serialize(e));
        });
        Assert.NotEmpty(applicantMail);
        Assert.All(applicantMail, e => Assert.Equal("林小雨", e.Data.ApplicantName));
        Assert.All(s.Effects.OfType<SendEmail>().Where(e => e.To.Kind != RecipientKind.Mentor), e => Assert.Null(e.Data.BlindReview));
    }

    [Fact]
    public void Without_blind_review_mentor_emails_name_the_applicant_as_before()
    {
        var s = new Scenario(NotBlind).Assigned();

        var requests = s.Emails().Where(e => e.Kind == EmailKind.MentorReviewRequest).ToList();

        Assert.Equal(2, requests.Count);
        Assert.All(requests, e =>
        {
            Assert.Equal("林小雨", e.Data.ApplicantName);
            Assert.Null(e.Data.BlindReview);
            Assert.DoesNotContain("blindReview", DomainJson.Serialize(e), StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public void In_a_blind_program_a_mentor_from_the_applicants_school_is_still_never_assigned()
    {
        // Chen Yu would be first (zh, no load) but went to Chapman, which the applicant names by its short form.
        var catalog = ProgramCatalog.From(Catalog.All.Select(p => p.Id != "hina-directors" ? p : p with
        {
            Mentors = [.. p.Mentors.Select(m => m.Id == "hd-chen-yu" ? m with { Affiliations = ["Chapman University"] } : m)],
        }));
        Assert.True(catalog.Get("hina-directors")!.Review.Blind);
        var s = new Scenario(catalog).InReview(Create(applicant: Applicant(school: "Chapman")));

        s.Run(Assign());

        Assert.DoesNotContain(s.S.Assignments, a => a.MentorId == "hd-chen-yu");
        Assert.Equal("shares the school 'Chapman University'", MentorMatcher.ConflictOf(s.Program.FindMentor("hd-chen-yu")!, s.S, s.Program));
    }
}
