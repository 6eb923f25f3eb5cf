using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Notifications.Mailbox;
using TalentFunctions.TestSupport;
using TalentFunctions.Web.Tests.Infrastructure;

namespace TalentFunctions.Web.Tests.Web;

/// <summary>
/// Blind review (ADR 0012) end to end: an applicant with distinctive values goes through review in a blind program —
/// pages, form and JSON answers, material links and what they download, every mentor email (request, reminder,
/// reassignment, thank-you, cancelled) — and nothing a mentor can open carries who the applicant is, in any encoding,
/// nor the CV or lookbook, nor an original file name. The same application in a program that does not review blind
/// shows them as before, which also shows the scan finds what it looks for.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed partial class BlindReviewTests(AzuriteFixture azurite)
{
    private const string Name = "林墨白";
    private const string School = "Chapman";
    private const int GraduationYear = 2023;
    private static readonly string[] Awards = ["Golden Horse Youth", "Pingyao Crouching Tiger Prize"];
    private const string ReelFile = "林墨白_reel_final cut.mp4";
    private const string ScriptFile = "Mobai Lin - Golden Horse Youth script.pdf";
    private const string CvFile = "林墨白-CV-Chapman.pdf";
    private const string LookbookFile = "mobai lookbook v3.pdf";

    /// <summary>A mentor of the program who went to the applicant's school: a conflict the matcher finds on data mentors never see.</summary>
    private const string SchoolmateMentor = "hd-lin-qiao";

    [Fact]
    public async Task Nothing_a_mentor_can_open_names_the_applicant_their_school_awards_or_year_nor_the_cv_lookbook_or_file_names()
    {
        await using var app = await StartAsync(blind: true);
        var program = WebKit.Program(app);
        var seen = new List<(string What, string Body)>();
        var applicant = await SubmitAsync(app);
        var state = await app.StateAsync(applicant.Id);
        var (reviewer, idle) = (state.Assignments[0], state.Assignments[1]);

        // The pages of both mentors: the project, its track, the script and the reel under neutral names.
        foreach (var assignment in state.Assignments)
        {
            var page = await app.Client.GetAsync(ReviewUrl(app, applicant.Id, assignment));
            var html = await page.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            seen.Add(($"GET /review of {assignment.MentorId}", html));
            Assert.Contains("雨季 The Rainy Season", html);
            Assert.Contains("原创IP项目孵化", html); // the track
            Assert.Contains("匿名评审", html);
            Assert.Contains("剧本：script.pdf", html);
            Assert.Contains("作品集视频：reel.mp4", html);
            Assert.DoesNotContain("简历：", html); // no CV
            Assert.DoesNotContain("视觉手册：", html); // no lookbook
            Assert.Contains("我与该申请存在利益冲突", html); // the conflict option stays

            // Only the script and the reel are linked; each download carries the neutral name, not the stored one.
            var sources = WebKit.MediaSources(html);
            Assert.Equal(2, sources.Count);
            foreach (var source in sources)
            {
                using var download = await TestApp.Storage.GetAsync(source);
                Assert.Equal(HttpStatusCode.OK, download.StatusCode);
                var disposition = download.Content.Headers.GetValues("Content-Disposition").Single();
                var type = download.Content.Headers.ContentType?.ToString();
                var bytes = await download.Content.ReadAsByteArrayAsync();
                if (bytes.SequenceEqual(TestApp.Mp4))
                {
                    Assert.Equal("inline; filename=\"reel.mp4\"", disposition);
                    Assert.Equal("video/mp4", type);
                }
                else
                {
                    Assert.Equal(TestApp.Pdf, bytes);
                    Assert.Equal("inline; filename=\"script.pdf\"", disposition);
                    Assert.Equal("application/pdf", type);
                }
                seen.Add(($"the link {source}", source));
                seen.Add(($"the headers of {source}", string.Join("\n", download.Headers.Concat(download.Content.Headers).Select(h => $"{h.Key}: {string.Join(", ", h.Value)}"))));
            }
        }

        // The answers to what a mentor posts: a form shown again (422), JSON refused (422), recorded (200), already recorded (409).
        var reviewerUrl = ReviewUrl(app, applicant.Id, reviewer);
        var incomplete = WebKit.ReviewForm(app);
        incomplete.Remove("scores.craft");
        var again = await WebKit.PostFormAsync(app.Client, reviewerUrl, incomplete);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        seen.Add(("the review form shown again", await again.Content.ReadAsStringAsync()));
        var apiUrl = "/api/reviews/" + WebKit.ReviewToken(app, applicant.Id, reviewer);
        var invalid = await app.Client.PostAsJsonAsync(apiUrl, new { recommendation = "advance", comment = "?" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        seen.Add(("the JSON review refused", await invalid.Content.ReadAsStringAsync()));
        var recorded = await app.Client.PostAsJsonAsync(apiUrl, new { scores = program.Rubric.ToDictionary(c => c.Id, _ => 4), recommendation = "advance", comment = "Strong voice." });
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        seen.Add(("the JSON review recorded", await recorded.Content.ReadAsStringAsync()));
        var twice = await app.Client.PostAsJsonAsync(apiUrl, new { scores = program.Rubric.ToDictionary(c => c.Id, _ => 4), recommendation = "advance", comment = "Again." });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        seen.Add(("the JSON review repeated", await twice.Content.ReadAsStringAsync()));
        seen.Add(("the page after the review", await app.Client.GetStringAsync(reviewerUrl)));

        // The idle mentor is reminded, then the slot goes to another mentor, who declares a conflict; the slot goes on.
        var idleMentor = program.FindMentor(idle.MentorId)!;
        await MailOfKindAsync(app, idleMentor.Email, applicant.Id, "MentorSlotReassigned");
        state = await app.StateAsync(applicant.Id);
        var third = Assert.Single(state.Assignments, a => a.ReplacesAssignmentId == idle.AssignmentId);
        var conflict = await WebKit.PostFormAsync(app.Client, ReviewUrl(app, applicant.Id, third),
            new Dictionary<string, string> { ["intent"] = "conflict", ["conflictOfInterest"] = "yes", ["reason"] = "I think I know the director." });
        Assert.Equal(HttpStatusCode.OK, conflict.StatusCode);
        seen.Add(("the conflict declared", await conflict.Content.ReadAsStringAsync()));
        await app.SettleAsync();
        state = await app.StateAsync(applicant.Id);
        var fourth = Assert.Single(state.Assignments, a => a.ReplacesAssignmentId == third.AssignmentId);

        // The applicant withdraws: the open review is cancelled.
        var withdraw = await app.Client.SendAsync(TestApp.As(applicant.Token, HttpMethod.Post, $"/api/applications/{applicant.Id}/withdraw"));
        Assert.Equal(HttpStatusCode.Accepted, withdraw.StatusCode);
        await MailOfKindAsync(app, program.FindMentor(fourth.MentorId)!.Email, applicant.Id, "MentorReviewCancelled");

        // The school conflict was found on data no mentor sees: the schoolmate was never asked.
        state = await app.StateAsync(applicant.Id);
        Assert.DoesNotContain(state.Assignments, a => a.MentorId == SchoolmateMentor);

        // Every email to a mentor of the program about this application.
        var mentorMail = new List<MailboxMessage>();
        foreach (var mentor in program.Mentors)
        {
            mentorMail.AddRange(await WebKit.MailAsync(app, mentor.Email, applicant.Id));
        }
        Assert.Equal(
            ["MentorReviewCancelled", "MentorReviewReminder", "MentorReviewRequest", "MentorSlotReassigned", "MentorThankYou"],
            mentorMail.Select(m => m.Kind).Distinct().Order(StringComparer.Ordinal));
        foreach (var mail in mentorMail)
        {
            seen.Add(($"the {mail.Kind} email to {mail.To}", string.Join("\n", [mail.Subject, mail.Text, mail.Html, .. mail.Links])));
            Assert.True(mail.Text.Contains("匿名申请人", StringComparison.Ordinal) || mail.Text.Contains("an anonymous applicant", StringComparison.Ordinal), mail.Text);
        }

        var leaks = seen.SelectMany(s => Leaks(s.Body, applicant).Select(l => $"{s.What} carries {l}")).ToList();
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));
        Assert.True(seen.Count > 20, $"only {seen.Count} things were scanned");

        // Staff still see everything.
        var detail = await app.Staff.GetStringAsync($"/api/staff/applications/{applicant.Id}");
        Assert.Contains(Name, detail);
        Assert.Contains(CvFile, detail);
        Assert.Contains(Awards[0], detail);
    }

    [Fact]
    public async Task With_blind_review_off_the_page_links_and_emails_show_the_applicant_as_before()
    {
        await using var app = await StartAsync(blind: false);
        var program = WebKit.Program(app);
        var applicant = await SubmitAsync(app);
        var state = await app.StateAsync(applicant.Id);
        var assignment = state.Assignments[0];

        var html = await app.Client.GetStringAsync(ReviewUrl(app, applicant.Id, assignment));
        Assert.Contains(School, html);
        Assert.Contains(Awards[0], html);
        Assert.Contains(GraduationYear.ToString(CultureInfo.InvariantCulture), html);
        Assert.Contains("简历：" + CvFile, html);
        Assert.Contains("视觉手册：" + LookbookFile, html);
        Assert.DoesNotContain("匿名评审", html);
        Assert.Equal(4, WebKit.MediaSources(html).Count);
        Assert.NotEmpty(Leaks(html, applicant));

        var request = Assert.Single(await WebKit.MailAsync(app, program.FindMentor(assignment.MentorId)!.Email, applicant.Id), m => m.Kind == "MentorReviewRequest");
        Assert.Contains(Name, request.Text);
        Assert.Contains(Name, request.Html);
        Assert.DoesNotContain("匿名申请人", request.Text);
        Assert.DoesNotContain(state.Assignments, a => a.MentorId == SchoolmateMentor);
    }

    [Fact]
    public async Task Applicants_of_a_blind_program_are_asked_to_keep_their_names_off_title_pages()
    {
        await using var app = await TestApp.StartAsync(azurite, services: s => s.AddSingleton(WebKit.NotBlind()));

        var programs = await app.Client.GetFromJsonAsync<JsonElement>("/api/programs");
        var hina = programs.EnumerateArray().Single(p => p.GetProperty("id").GetString() == WebKit.ProgramId);
        var chunm = programs.EnumerateArray().Single(p => p.GetProperty("id").GetString() == "chunm-writers");
        Assert.False(hina.GetProperty("blindReview").GetBoolean());
        Assert.False(hina.TryGetProperty("blindReviewNote", out _));
        Assert.True(chunm.GetProperty("blindReview").GetBoolean());
        Assert.Contains("title page", chunm.GetProperty("blindReviewNote").GetProperty("en").GetString());
        Assert.Contains("剧本封面", chunm.GetProperty("blindReviewNote").GetProperty("zh").GetString());

        var (id, token) = await app.CreateAsync(WebKit.UniqueEmail("note"), "chunm-writers", "feature-development");
        var script = await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/materials",
            new { kind = "script", fileName = "s.pdf", contentType = "application/pdf", length = 10 }));
        Assert.Contains("title page", (await script.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("blindReviewNote").GetProperty("en").GetString());
        var cv = await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/materials",
            new { kind = "cv", fileName = "cv.pdf", contentType = "application/pdf", length = 10 }));
        Assert.False((await cv.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("blindReviewNote", out _)); // the CV stays with staff
    }

    private sealed record Applicant(string Id, string Token, string Email, IReadOnlyList<string> HiddenMaterialIds);

    /// <summary>
    /// The app with the Hina program blind or not, a lookbook allowed, a mentor who went to Chapman, and reviews due in
    /// seconds (reminder first) on a business clock running at real speed, so the reminder and reassignment really fire.
    /// </summary>
    private Task<TestApp> StartAsync(bool blind) =>
        TestApp.StartAsync(azurite, services: s =>
        {
            s.AddSingleton(TestApp.Programs(WebKit.ProgramId, p => p with
            {
                Review = new ReviewSettings(blind),
                Materials = [.. p.Materials, new MaterialRule(MaterialKind.Lookbook, false, MaterialFamily.Pdf, 50 * 1024 * 1024, ["application/pdf"])],
                Mentors = [.. p.Mentors.Select(m => m.Id == SchoolmateMentor ? m with { Affiliations = [.. m.Affiliations, School] } : m)],
                Timings = p.Timings with { ReviewWindow = TimeSpan.FromSeconds(20), ReminderLead = TimeSpan.FromSeconds(8) },
            }));
            s.AddSingleton<TimeProvider>(new RunningClock(TestApp.Start));
        });

    /// <summary>
    /// Creates, uploads (the reel, script, CV and lookbook under telling names, each blob stored with a
    /// <c>Content-Disposition</c> naming the original file, as an uploader may set it) and submits; waits for review.
    /// </summary>
    private static async Task<Applicant> SubmitAsync(TestApp app)
    {
        var email = $"mobai.lin.{Guid.NewGuid():N}"[..22] + "@inkstone-mail.example";
        var body = TestApp.CreateBody(email, school: School);
        body["applicant"]!["name"] = Name;
        body["applicant"]!["graduationYear"] = GraduationYear;
        body["applicant"]!["awards"] = new JsonArray([.. Awards.Select(a => (JsonNode)a)]);
        var created = await app.Client.PostAsJsonAsync("/api/applications", body);
        var json = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(created.StatusCode == HttpStatusCode.Created, json.ToString());
        var id = json.GetProperty("id").GetString()!;
        var token = json.GetProperty("accessToken").GetString()!;

        await UploadAsync(app, id, token, "reel", ReelFile, "video/mp4", TestApp.Mp4);
        await UploadAsync(app, id, token, "script", ScriptFile, "application/pdf", TestApp.Pdf);
        var cv = await UploadAsync(app, id, token, "cv", CvFile, "application/pdf", TestApp.Pdf);
        var lookbook = await UploadAsync(app, id, token, "lookbook", LookbookFile, "application/pdf", TestApp.Pdf);

        var submit = await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/submit"));
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        await app.SettleAsync();
        var state = await app.StateAsync(id);
        Assert.Equal(Stage.InReview, state.Stage);
        Assert.Equal(2, state.Assignments.Count(a => a.Status == AssignmentStatus.Open));
        return new Applicant(id, token, email, [cv, lookbook]);
    }

    private static async Task<string> UploadAsync(TestApp app, string id, string token, string kind, string fileName, string contentType, byte[] bytes)
    {
        var announce = await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/materials",
            new { kind, fileName, contentType, length = bytes.Length }));
        var ticket = await announce.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(announce.StatusCode == HttpStatusCode.Created, ticket.ToString());
        using var put = new HttpRequestMessage(HttpMethod.Put, ticket.GetProperty("uploadUrl").GetString()) { Content = new ByteArrayContent(bytes) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        put.Headers.Add("x-ms-blob-content-type", contentType);
        put.Headers.Add("x-ms-blob-content-disposition", "attachment; filename*=UTF-8''" + Uri.EscapeDataString(fileName));
        (await TestApp.Storage.SendAsync(put)).EnsureSuccessStatusCode();
        var materialId = ticket.GetProperty("materialId").GetString()!;
        var complete = await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/materials/{materialId}/complete"));
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        return materialId;
    }

    private static string ReviewUrl(TestApp app, string id, ReviewAssignment assignment) => "/review/" + WebKit.ReviewToken(app, id, assignment);

    private static async Task MailOfKindAsync(TestApp app, string to, string id, string kind) =>
        await Eventually.ReferenceAsync(
            async () => (await WebKit.MailAsync(app, to, id)).FirstOrDefault(m => m.Kind == kind),
            TimeSpan.FromSeconds(60),
            $"a {kind} email to {to}");

    /// <summary>
    /// What in <paramref name="body"/> gives the applicant away: their name, email, school, awards, the original file
    /// names (each as written, percent-encoded, form-encoded, HTML-encoded and JSON-escaped, ignoring case), the
    /// graduation year as a number of its own, and the ids of the CV and lookbook (so no link to them).
    /// </summary>
    private static IEnumerable<string> Leaks(string body, Applicant applicant)
    {
        string[] secrets = [Name, applicant.Email, School, .. Awards, ReelFile, ScriptFile, CvFile, LookbookFile, .. applicant.HiddenMaterialIds];
        foreach (var secret in secrets)
        {
            var forms = new[]
            {
                secret,
                Uri.EscapeDataString(secret),
                WebUtility.UrlEncode(secret),
                WebUtility.HtmlEncode(secret),
                HtmlEncoder.Default.Encode(secret),
                JsonSerializer.Serialize(secret)[1..^1],
            }.Distinct(StringComparer.Ordinal);
            foreach (var form in forms.Where(f => body.Contains(f, StringComparison.OrdinalIgnoreCase)))
            {
                yield return $"'{form}' (from '{secret}')";
            }
        }
        if (YearPattern().IsMatch(body))
        {
            yield return $"the graduation year {GraduationYear}";
        }
    }

    /// <summary>The graduation year as a number of its own (not inside an id, a signature or another number).</summary>
    [GeneratedRegex("(?<![0-9A-Za-z%+/=_-])2023(?![0-9A-Za-z%+/=_-])")]
    private static partial Regex YearPattern();
}
