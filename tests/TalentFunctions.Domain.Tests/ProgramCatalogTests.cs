using System.Text.Json.Nodes;
using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Domain.Tests;

public sealed class ProgramCatalogTests
{
    private static string DefaultJson()
    {
        using var stream = typeof(ProgramCatalog).Assembly.GetManifestResourceStream(ProgramCatalog.ResourceName)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string Mutate(Action<JsonNode> change)
    {
        var root = JsonNode.Parse(DefaultJson())!;
        change(root);
        return root.ToJsonString();
    }

    private static ProgramCatalogException LoadFails(string json) =>
        Assert.Throws<ProgramCatalogException>(() => ProgramCatalog.Load(json));

    [Fact]
    public void The_default_file_configures_both_programs_for_the_2026_27_cycle()
    {
        var catalog = ProgramCatalog.LoadDefault();

        Assert.Equal(["hina-directors", "chunm-writers"], catalog.All.Select(p => p.Id));
        var hina = catalog.Get("hina-directors")!;
        Assert.Equal("Hina International Young Directors Program", hina.Name.En);
        Assert.Contains("青年导演国际计划", hina.Name.Zh);
        Assert.Equal("2026-27", hina.Cycle);
        Assert.Equal(["directing-agency", "second-unit", "original-ip"], hina.Tracks.Select(t => t.Id));
        Assert.Equal([MaterialKind.Reel], hina.RequiredMaterials);
        Assert.Equal([MaterialKind.Script, MaterialKind.Cv], hina.OptionalMaterials);
        Assert.Equal(MaterialFamily.Video, hina.RuleFor(MaterialKind.Reel)!.Family);
        Assert.Equal(2L * 1024 * 1024 * 1024, hina.RuleFor(MaterialKind.Reel)!.MaxBytes);
        Assert.Equal(50L * 1024 * 1024, hina.RuleFor(MaterialKind.Script)!.MaxBytes);

        var chunm = catalog.Get("chunm-writers")!;
        Assert.Equal("ChunM Talent Program", chunm.Name.En);
        Assert.Equal([MaterialKind.Script], chunm.RequiredMaterials);
        Assert.Equal([MaterialKind.Lookbook, MaterialKind.Cv], chunm.OptionalMaterials);
        Assert.Null(catalog.Get("nope"));
        Assert.Null(catalog.Get(null));
    }

    [Fact]
    public void Local_times_are_converted_with_the_programs_time_zone()
    {
        var hina = ProgramCatalog.LoadDefault().Get("hina-directors")!;

        Assert.Equal(new DateTimeOffset(2026, 9, 30, 16, 0, 0, TimeSpan.Zero), hina.OpensAt);
        Assert.Equal(new DateTimeOffset(2027, 3, 31, 15, 59, 0, TimeSpan.Zero), hina.Deadline);
        Assert.Equal(TimeSpan.FromHours(8), hina.Deadline.Offset);
        Assert.True(hina.IsOpen(TestData.Now));
        Assert.False(hina.IsOpen(hina.Deadline.AddSeconds(1)));
        Assert.False(hina.IsOpen(hina.OpensAt.AddSeconds(-1)));
    }

    [Theory]
    [InlineData("hina-directors")]
    [InlineData("chunm-writers")]
    public void Each_program_has_the_required_schools_rubric_and_a_mixed_mentor_pool(string programId)
    {
        var p = ProgramCatalog.LoadDefault().Get(programId)!;

        foreach (var school in new[] { "USC", "UCLA", "AFI", "Chapman", "Columbia", "NYU", "Beijing Film Academy", "北京电影学院" })
        {
            Assert.NotNull(p.Eligibility.FindSchool(school));
        }

        Assert.Equal(5, p.Eligibility.MaxYearsSinceGraduation);
        Assert.Contains("zh", p.Eligibility.ProjectLanguages);
        Assert.Contains("en", p.Eligibility.ProjectLanguages);
        Assert.True(p.Rubric.Count >= 4);
        Assert.All(p.Rubric, r => Assert.True(r.Weight > 0));
        Assert.Equal(2, p.MentorsPerApplication);
        Assert.Equal(14, p.ReviewWindowDays);
        Assert.Equal(14, p.OfferValidityDays);
        Assert.True(p.Mentors.Count >= 5);
        Assert.Contains(p.Mentors, m => m.PreferredLanguage == "zh");
        Assert.Contains(p.Mentors, m => m.PreferredLanguage == "en");
        Assert.Equal(p.Mentors.Count, p.Mentors.Select(m => EmailAddress.DomainOf(m.Email)).Distinct().Count());
        Assert.All(p.Mentors, m => Assert.EndsWith(".example", m.Email));
        Assert.All(p.Mentors, m => Assert.Contains(m.Affiliations, a => p.Eligibility.FindSchool(a) is not null));
        Assert.All(p.Mentors, m => Assert.Contains(m.Affiliations, a => p.Eligibility.FindSchool(a) is null));
        Assert.Equal(200, p.TextLimits.Title);
        Assert.Equal(300, p.TextLimits.Logline);
        Assert.Equal(5000, p.TextLimits.Synopsis);
    }

    [Fact]
    public void The_programs_file_is_copied_next_to_the_assembly_and_matches_the_embedded_one()
    {
        var path = Path.Combine(AppContext.BaseDirectory, ProgramCatalog.FileName);

        Assert.True(File.Exists(path), path);
        Assert.Equal(DefaultJson(), File.ReadAllText(path));
        using var stream = File.OpenRead(path);
        Assert.Equal(2, ProgramCatalog.Load(stream).All.Count);
    }

    [Fact]
    public void A_rubric_weight_of_zero_is_named_by_its_path()
    {
        var json = Mutate(r => r["programs"]![1]!["rubric"]![2]!["weight"] = 0);

        var ex = LoadFails(json);

        Assert.Contains("programs[1].rubric[2].weight must be > 0", ex.Message);
    }

    [Fact]
    public void A_missing_field_is_named_by_its_path()
    {
        var json = Mutate(r => r["programs"]![0]!["mentors"]![3]!.AsObject().Remove("email"));

        var ex = LoadFails(json);

        Assert.Contains("programs[0].mentors[3].email is required", ex.Errors);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_named_by_its_path()
    {
        var json = Mutate(r => r["programs"]![0]!["cohortCapacity"] = "twelve");

        var ex = LoadFails(json);

        Assert.Contains("programs[0].cohortCapacity", ex.Message);
    }

    [Fact]
    public void An_unknown_field_is_refused_so_typos_do_not_pass_silently()
    {
        var json = Mutate(r => r["programs"]![0]!["reviewWindowDayz"] = 10);

        var ex = LoadFails(json);

        Assert.Contains("reviewWindowDayz", ex.Message);
    }

    [Fact]
    public void An_unknown_material_kind_is_named_by_its_path()
    {
        var json = Mutate(r => r["programs"]![0]!["materials"]![1]!["kind"] = "poster");

        var ex = LoadFails(json);

        Assert.Contains("programs[0].materials[1].kind", ex.Message);
    }

    [Fact]
    public void The_waitlist_mode_is_read_from_the_file_and_suggest_when_left_out()
    {
        Assert.All(ProgramCatalog.LoadDefault().All, p => Assert.Equal(WaitlistMode.Suggest, p.Waitlist.Mode));

        var automatic = ProgramCatalog.Load(Mutate(r => r["programs"]![0]!["waitlist"] = new JsonObject { ["mode"] = "automatic" }));
        var omitted = ProgramCatalog.Load(Mutate(r => r["programs"]![1]!.AsObject().Remove("waitlist")));

        Assert.Equal(WaitlistMode.Automatic, automatic.All[0].Waitlist.Mode);
        Assert.Equal(WaitlistMode.Suggest, omitted.All[1].Waitlist.Mode);
    }

    [Fact]
    public void An_unknown_waitlist_mode_is_named_by_its_path()
    {
        var json = Mutate(r => r["programs"]![0]!["waitlist"] = new JsonObject { ["mode"] = "lottery" });

        var ex = LoadFails(json);

        Assert.Contains("programs[0].waitlist.mode", ex.Message);
        Assert.Contains("programs[0].waitlist.mode must be 'suggest' or 'automatic'",
            Assert.Throws<ProgramCatalogException>(() => ProgramCatalog.From(ProgramCatalog.LoadDefault().All[0] with { Waitlist = new WaitlistSettings((WaitlistMode)7) })).Errors);
    }

    [Fact]
    public void An_unknown_time_zone_is_refused()
    {
        var json = Mutate(r => r["programs"]![1]!["timeZone"] = "Mars/Olympus_Mons");

        var ex = LoadFails(json);

        Assert.Contains("programs[1].timeZone 'Mars/Olympus_Mons' is not a known IANA time zone", ex.Errors);
    }

    [Fact]
    public void A_badly_written_date_is_refused()
    {
        var json = Mutate(r => r["programs"]![0]!["deadline"] = "31/03/2027");

        var ex = LoadFails(json);

        Assert.Contains(ex.Errors, e => e.StartsWith("programs[0].deadline '31/03/2027'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_deadline_before_the_opening_is_refused()
    {
        var json = Mutate(r => r["programs"]![0]!["deadline"] = "2026-09-01T00:00");

        var ex = LoadFails(json);

        Assert.Contains("programs[0].deadline must be after opensAt", ex.Errors);
    }

    [Fact]
    public void Duplicate_ids_and_bad_emails_are_each_reported()
    {
        var json = Mutate(r =>
        {
            r["programs"]![1]!["id"] = "hina-directors";
            r["programs"]![0]!["mentors"]![1]!["id"] = r["programs"]![0]!["mentors"]![0]!["id"]!.GetValue<string>();
            r["programs"]![0]!["staffEmail"] = "not-an-email";
        });

        var ex = LoadFails(json);

        Assert.Contains("programs[1].id 'hina-directors' is used by another program", ex.Errors);
        Assert.Contains(ex.Errors, e => e.StartsWith("programs[0].mentors[1].id", StringComparison.Ordinal));
        Assert.Contains("programs[0].staffEmail 'not-an-email' is not an email address", ex.Errors);
    }

    [Fact]
    public void Too_few_mentors_to_reassign_a_slot_are_refused()
    {
        var json = Mutate(r =>
        {
            var mentors = r["programs"]![0]!["mentors"]!.AsArray();
            while (mentors.Count > 2)
            {
                mentors.RemoveAt(mentors.Count - 1);
            }
        });

        var ex = LoadFails(json);

        Assert.Contains(ex.Errors, e => e.StartsWith("programs[0].mentors must list at least 3", StringComparison.Ordinal));
    }

    [Fact]
    public void More_mentors_than_the_index_has_calibration_columns_for_are_refused()
    {
        var json = Mutate(r =>
        {
            var mentors = r["programs"]![0]!["mentors"]!.AsArray();
            var template = mentors[0]!.ToJsonString();
            for (var i = mentors.Count; i <= ProgramCatalog.MaxMentorsPerProgram; i++)
            {
                var mentor = System.Text.Json.Nodes.JsonNode.Parse(template)!;
                mentor["id"] = $"extra-mentor-{i}";
                mentor["email"] = $"extra-mentor-{i}@example.com";
                mentors.Add(mentor);
            }
        });

        var ex = LoadFails(json);

        Assert.Contains(ex.Errors, e => e.StartsWith($"programs[0].mentors lists {ProgramCatalog.MaxMentorsPerProgram + 1} mentors", StringComparison.Ordinal));
    }

    [Fact]
    public void A_content_type_outside_the_family_is_refused()
    {
        var json = Mutate(r => r["programs"]![0]!["materials"]![0]!["contentTypes"]![0] = "application/pdf");

        var ex = LoadFails(json);

        Assert.Contains(ex.Errors, e => e.StartsWith("programs[0].materials[0].contentTypes[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_json_is_reported_with_its_position()
    {
        var ex = LoadFails("{ \"programs\": [ { \"id\": ");

        Assert.StartsWith("Invalid programs file:", ex.Message);
        Assert.NotNull(ex.InnerException);
    }

    [Fact]
    public void An_empty_file_object_is_refused()
    {
        Assert.Contains("programs is required", LoadFails("{}").Errors);
        Assert.Contains("programs must list at least one program", LoadFails("{\"programs\": []}").Errors);
    }

    [Fact]
    public void Catalogs_built_in_code_are_validated_too()
    {
        var hina = ProgramCatalog.LoadDefault().Get("hina-directors")!;

        var ex = Assert.Throws<ProgramCatalogException>(() => ProgramCatalog.From(hina with { MentorsPerApplication = 0 }));

        Assert.Contains("programs[0].mentorsPerApplication must be > 0", ex.Errors);
        Assert.Single(ProgramCatalog.From(hina).All);
    }

    [Theory]
    [InlineData("usc", "usc")]
    [InlineData("University of Southern California", "usc")]
    [InlineData("  university  of southern   CALIFORNIA ", "usc")]
    [InlineData("南加州大学", "usc")]
    [InlineData("Tisch School of the Arts", "nyu")]
    [InlineData("北京电影学院", "bfa")]
    [InlineData("Harvard", null)]
    [InlineData("", null)]
    public void Schools_match_by_id_name_or_alias_ignoring_case_and_spacing(string written, string? expected)
    {
        Assert.Equal(expected, TestData.Hina.Eligibility.FindSchool(written)?.Id);
    }
}
