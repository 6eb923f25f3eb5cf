using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Workflow.Effects;
using TalentFunctions.Workflow.Translation;

namespace TalentFunctions.Workflow.Tests.Translation;

/// <summary>Which translations a change plans (pure: the effect planner), and the texts and languages they concern.</summary>
public sealed class TranslationPlanningTests
{
    private static readonly ProgramDefinition Program = ProgramCatalog.LoadDefault().Get("hina-directors")!;
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Assigning_mentors_who_read_another_language_plans_one_translation_per_language_with_a_fixed_id()
    {
        var before = State("zh", version: 7);
        var after = State("zh", version: 9, ("a1", "hd-amara-okafor"), ("a2", "hd-daniel-reyes"), ("a3", "hd-chen-yu"));

        var translate = Assert.Single(EffectPlanner.Plan(before, after, [], Program), e => e.Type == PendingEffectTypes.Translate);

        Assert.Equal($"{after.Id}-9-translate-en", translate.EffectId);
        Assert.Equal("{\"language\":\"en\"}", translate.Json);
        Assert.Equal(EffectPlanner.Plan(before, after, [], Program), EffectPlanner.Plan(before, after, [], Program));
    }

    [Fact]
    public void Mentors_reading_the_projects_language_already_open_or_unknown_programs_plan_none()
    {
        var open = State("zh", version: 9, ("a1", "hd-amara-okafor"));

        Assert.DoesNotContain(EffectPlanner.Plan(State("zh", 7), State("zh", 9, ("a1", "hd-chen-yu")), [], Program), e => e.Type == PendingEffectTypes.Translate);
        Assert.DoesNotContain(EffectPlanner.Plan(open, open with { Version = 10, UpdatedAt = Now.AddMinutes(1) }, [], Program), e => e.Type == PendingEffectTypes.Translate);
        Assert.DoesNotContain(EffectPlanner.Plan(State("zh", 7), open, []), e => e.Type == PendingEffectTypes.Translate);
        var english = Assert.Single(EffectPlanner.Plan(State("en", 7), State("en", 9, ("a1", "hd-chen-yu"), ("a2", "hd-amara-okafor")), [], Program),
            e => e.Type == PendingEffectTypes.Translate);
        Assert.EndsWith("-translate-zh", english.EffectId, StringComparison.Ordinal);
    }

    [Fact]
    public void The_texts_hash_changes_with_any_text_or_the_declared_language_and_a_translation_of_other_texts_is_not_shown()
    {
        var open = Program with { Review = new ReviewSettings(Blind: false) };
        var texts = ReviewTexts.Of(State("zh", 1), open);
        var edited = texts with { Synopsis = texts.Synopsis + "!" };

        Assert.Equal(texts.Hash("zh"), ReviewTexts.Of(State("zh", 2), open).Hash("zh"));
        Assert.NotEqual(texts.Hash("zh"), edited.Hash("zh"));
        Assert.NotEqual(texts.Hash("zh"), texts.Hash("yue"));
        var kept = new StoredTranslation("app", "en", TranslationStatus.Translated, texts.Hash("zh"), "zh-Hans", [.. texts.All.Select(t => "EN " + t)]);
        Assert.Equal("EN " + texts.Synopsis, kept.For(texts, "zh")!.Synopsis);
        Assert.Equal(["EN director"], kept.For(texts, "zh")!.Roles);
        Assert.Null(kept.For(edited, "zh"));
        Assert.Null((kept with { Status = TranslationStatus.Unavailable }).For(texts, "zh"));
    }

    [Fact]
    public void In_a_blind_program_the_applicants_school_roles_and_awards_are_not_sent_for_translation()
    {
        var state = State("zh", 1);
        var blind = ReviewTexts.Of(state, Program with { Review = new ReviewSettings(Blind: true) });

        Assert.Equal(["", .. Array.Empty<string>()], blind.All.Skip(3));
        Assert.Equal(state.Project.Title, blind.Title);
        Assert.DoesNotContain(state.Applicant.School, blind.All);
        Assert.NotEqual(blind.Hash("zh"), ReviewTexts.Of(state, Program with { Review = new ReviewSettings(Blind: false) }).Hash("zh"));
    }

    [Theory]
    [InlineData("zh", "zh", true)]
    [InlineData("zh-Hant", "zh", true)]
    [InlineData("yue", "zh", false)]
    [InlineData("zh", "en", false)]
    [InlineData("EN", "en", true)]
    public void A_reader_reads_a_project_as_written_when_the_primary_language_is_theirs(string project, string reader, bool same) =>
        Assert.Equal(same, TranslationLanguages.Same(project, reader));

    [Fact]
    public void Mentors_read_their_preferred_language_or_english_and_codes_map_to_the_translators()
    {
        Assert.Equal("zh", TranslationLanguages.ForMentor(Program.FindMentor("hd-chen-yu")));
        Assert.Equal("en", TranslationLanguages.ForMentor(Program.FindMentor("hd-amara-okafor")));
        Assert.Equal("en", TranslationLanguages.ForMentor(null));
        Assert.Equal("zh-Hans", TranslationLanguages.Target("zh"));
        Assert.Equal("en", TranslationLanguages.Target("en"));
        Assert.Equal("zh-Hans", TranslationLanguages.Source("zh"));
        Assert.Equal("yue", TranslationLanguages.Source("yue"));
        Assert.Null(TranslationLanguages.Source("ko")); // left to the Translator to detect
    }

    private static ApplicationState State(string language, long version, params (string Id, string Mentor)[] open) => new()
    {
        Id = "app-translate",
        ProgramId = Program.Id,
        Cycle = Program.Cycle,
        Stage = open.Length == 0 ? Stage.Screening : Stage.InReview,
        Version = version,
        CreatedAt = Now,
        UpdatedAt = Now,
        Applicant = new Applicant
        {
            Name = "林小雨",
            Email = "lin@example.com",
            PreferredLanguage = "zh",
            School = "北京电影学院",
            GraduationYear = 2024,
            Roles = ["director"],
            Awards = ["最佳短片"],
        },
        Project = new Project { Title = "雨季", Logline = "一个女孩在雨季回到故乡。", Synopsis = "故事梗概。", Language = language, Format = ProjectFormat.Short },
        Track = "original-ip",
        AccessTokenHash = "hash",
        Assignments = [.. open.Select(a => new ReviewAssignment(a.Id, a.Mentor, Now, Now.AddDays(14), AssignmentStatus.Open, false))],
    };
}
