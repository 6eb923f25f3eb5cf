using TalentFunctions.Domain.Applications;

namespace TalentFunctions.Web.Pages;

/// <summary>
/// The privacy notice (<c>GET /privacy</c>, version <see cref="PrivacyNotice.Version"/>), in both languages: what is
/// collected, why, who sees it, how long it is kept, the applicant's rights, and — as PIPL asks of a transfer abroad — what
/// leaves the country and why. A change of substance here is a new notice: change <see cref="PrivacyNotice.Version"/> too.
/// </summary>
public sealed class PrivacyText
{
    public static PrivacyText En { get; } = new()
    {
        Intro = "This notice explains, in plain words, what happens to the information you give when you apply to a film talent program on this site. "
            + "Applicants accept it when they start an application; we record the version they accepted and when.",
        VersionLabel = "Version",
        CollectHeading = "What we collect",
        Collect =
        [
            "Your profile: name, email address, the language of our emails, time zone, film school, graduation year, roles, awards and the companies you work or worked with.",
            "Your project: track, title, logline, synopsis, language and format.",
            "The files you upload: script, reel, CV, lookbook, as the program asks.",
            "What happens to your application: screening, mentors' reviews and scores, the staff's decision, and a record of the emails we send about it (their kind and time).",
        ],
        WhyHeading = "Why",
        Why =
        [
            "To run the program's selection: to check that you are eligible, to have mentors review your project, to let program staff decide, and to email you about each step.",
            "The companies you work with are used only to keep a mentor with a conflict of interest from reviewing you.",
        ],
        WhoHeading = "Who sees it",
        Who =
        [
            "Program staff see your whole application.",
            "The mentors assigned to review it see your project, track and the materials they review. In a program that reviews blind, they do not see your name, email address, school, awards or graduation year, nor your CV or lookbook, and files are shown to them under neutral names.",
            "Nobody else: we do not sell or share your information for any other purpose.",
        ],
        KeepHeading = "How long we keep it",
        Keep =
        [
            "If you are not accepted, your materials and personal details are deleted after the program's cycle closes (once every application in it has been decided), when the program's retention period ends: 90 days for the current programs. What remains are anonymous statistics.",
            "If you are accepted, your application is kept under the program's own policy for its participants.",
        ],
        RightsHeading = "Your rights",
        Rights =
        [
            "Export: GET /api/applications/{id}/export with your access token gives you everything we hold about your application, in one document.",
            "Erasure: POST /api/applications/{id}/erasure with your access token erases your application (an open one is withdrawn first). This cannot be undone. Program staff can do either for you if you ask them.",
            "Erasure cannot reach emails already delivered (they are in the recipients' mailboxes) or what our email provider keeps in its logs for its retention period.",
        ],
        AbroadHeading = "What leaves the country, and why",
        Abroad =
        [
            "Email: our emails to you, to mentors and to staff are delivered through SendGrid, a service in the United States. It receives the recipient's address and name and the email's text, which can name you, your project and the program.",
            "Machine translation: when a mentor reads another language than yours, Azure AI Translator translates the texts they read — the project's title, logline and synopsis and, in programs that do not review blind, your film school, roles and awards. Never your name or contact details, and never your files.",
            "Storage: your application and files are stored in the Azure region the program chose for its data.",
        ],
        ConsentHeading = "Your consent",
        Consent = "You accept this notice by ticking the box on the application form. We record the version you accepted and the time, and they are part of your export.",
    };

    public static PrivacyText Zh { get; } = new()
    {
        Intro = "本声明以通俗的语言说明：您在本网站申请电影人才项目时所提供的信息会如何被处理。申请人在开始申请时同意本声明；我们会记录其同意的版本和时间。",
        VersionLabel = "版本",
        CollectHeading = "我们收集哪些信息",
        Collect =
        [
            "您的个人资料：姓名、电子邮箱、接收邮件的语言、时区、电影学校、毕业年份、担任的职务、获奖情况，以及您任职或曾合作的公司。",
            "您的项目：方向、片名、一句话梗概、故事梗概、语言和形式。",
            "您上传的文件：项目要求的剧本、样片、个人简历、视觉手册。",
            "您的申请进展：资格审核、导师评审及评分、项目组的决定，以及我们就此发送的邮件记录（类型和时间）。",
        ],
        WhyHeading = "为什么收集",
        Why =
        [
            "用于项目的评选：审核您的申请资格、安排导师评审您的项目、由项目组作出决定，并在每一步通过邮件通知您。",
            "您合作过的公司仅用于避免存在利益冲突的导师评审您的申请。",
        ],
        WhoHeading = "谁能看到",
        Who =
        [
            "项目工作人员可以看到您的完整申请。",
            "被分配评审您申请的导师可以看到您的项目、方向和需要评审的材料。采用匿名评审的项目中，导师看不到您的姓名、邮箱、学校、获奖情况和毕业年份，也看不到您的个人简历和视觉手册，文件以中性名称提供给导师。",
            "除此之外没有其他人：我们不会出售您的信息，也不会将其用于任何其他目的。",
        ],
        KeepHeading = "保存多久",
        Keep =
        [
            "如未被录取，您的材料和个人信息将在本期项目结束（所有申请均已有结果）并经过项目设定的保留期后删除，目前各项目的保留期为 90 天；此后仅保留匿名统计数据。",
            "如被录取，您的申请将按照项目对学员信息的保存规定保存。",
        ],
        RightsHeading = "您的权利",
        Rights =
        [
            "导出：使用您的访问令牌调用 GET /api/applications/{id}/export，即可一次性获取我们持有的关于您申请的全部信息。",
            "删除：使用您的访问令牌调用 POST /api/applications/{id}/erasure，即可删除您的申请（尚在进行中的申请会先被撤回）。删除后无法恢复。您也可以请项目工作人员代为导出或删除。",
            "已送达的邮件（在收件人的邮箱中）以及邮件服务商在其保存期限内的日志，无法通过删除清除。",
        ],
        AbroadHeading = "哪些信息会传输到境外，以及原因",
        Abroad =
        [
            "邮件：我们发给您、导师和项目组的邮件通过美国的 SendGrid 服务投递。SendGrid 会收到收件人的邮箱地址、姓名和邮件正文，正文可能包含您的姓名、项目名称和项目信息。",
            "机器翻译：当导师阅读的语言与您的不同时，Azure AI Translator（微软 Azure AI 翻译）会翻译导师阅读的文字——项目的片名、一句话梗概和故事梗概；在非匿名评审的项目中，还包括您的电影学校、职务和获奖情况。不会发送您的姓名、联系方式或文件。",
            "存储：您的申请和文件保存在项目为其数据所选择的 Azure 区域。",
        ],
        ConsentHeading = "您的同意",
        Consent = "您在申请表中勾选同意即表示接受本声明。我们会记录您同意的版本和时间，这些信息也包含在您的导出数据中。",
    };

    public required string Intro { get; init; }
    public required string VersionLabel { get; init; }
    public required string CollectHeading { get; init; }
    public required IReadOnlyList<string> Collect { get; init; }
    public required string WhyHeading { get; init; }
    public required IReadOnlyList<string> Why { get; init; }
    public required string WhoHeading { get; init; }
    public required IReadOnlyList<string> Who { get; init; }
    public required string KeepHeading { get; init; }
    public required IReadOnlyList<string> Keep { get; init; }
    public required string RightsHeading { get; init; }
    public required IReadOnlyList<string> Rights { get; init; }
    public required string AbroadHeading { get; init; }
    public required IReadOnlyList<string> Abroad { get; init; }
    public required string ConsentHeading { get; init; }
    public required string Consent { get; init; }

    public static PrivacyText For(PageText t) => t.IsChinese ? Zh : En;
}

/// <summary>The privacy notice page (<c>GET /privacy</c>): server-rendered, no script, in the visitor's language.</summary>
public static class PrivacyPage
{
    public static HtmlPage Render(PageText t, string switchUrl)
    {
        var p = PrivacyText.For(t);
        var other = HtmlPage.LanguageTag(t.IsChinese ? PageText.English : PageText.Chinese);
        var body = Html.Of($"""
            <p><a id="language-switch" href="{switchUrl}" hreflang="{other}" lang="{other}">{t.OtherLanguageName}</a></p>
            <h1>{t.PrivacyTitle}</h1>
            <p class="muted" id="privacy-version">{p.VersionLabel} {PrivacyNotice.Version}</p>
            <p>{p.Intro}</p>
            {Section("collect", p.CollectHeading, p.Collect)}
            {Section("why", p.WhyHeading, p.Why)}
            {Section("who", p.WhoHeading, p.Who)}
            {Section("keep", p.KeepHeading, p.Keep)}
            {Section("rights", p.RightsHeading, p.Rights)}
            {Section("abroad", p.AbroadHeading, p.Abroad)}
            {Section("consent", p.ConsentHeading, [p.Consent])}
            """);
        return new HtmlPage(StatusCodes.Status200OK, t.Language, t.PrivacyTitle, body);
    }

    private static HtmlFragment Section(string id, string heading, IReadOnlyList<string> items) => Html.Of($"""
        <section aria-labelledby="privacy-{id}"><h2 id="privacy-{id}">{heading}</h2>
        {(items.Count == 1 ? Html.Of($"<p>{items[0]}</p>") : Html.Of($"<ul>{Html.Join(items.Select(i => Html.Of($"<li>{i}</li>")))}</ul>"))}
        </section>
        """);
}
