using System.Globalization;
using TalentFunctions.Domain.Applications;

namespace TalentFunctions.Web.Pages;

/// <summary>
/// Every word of the staff console's application pages (list, detail, actions), in English and Simplified Chinese,
/// beside the shared <see cref="PageText"/> (stage names, materials, formats). One instance per language, so a text
/// missing in one language does not compile.
/// </summary>
public sealed class ConsoleApplicationsText
{
    public static ConsoleApplicationsText En { get; } = new()
    {
        ListTitle = "Applications",
        DetailTitle = "Application",
        Filters = "Filters",
        Stage = "Stage",
        Track = "Track",
        AnyTrack = "Any track",
        School = "School",
        ProjectLanguage = "Project language",
        MinScore = "Lowest score",
        MaxScore = "Highest score",
        Sort = "Sort by",
        SortNone = "Application id",
        SortScore = "Score (highest first)",
        SortCalibrated = "Calibrated score (highest first)",
        SortSubmitted = "Submitted (oldest first)",
        Apply = "Apply",
        Clear = "Clear filters",
        ExportCsv = "Export these as CSV",
        NoApplications = "No applications match.",
        NextPage = "Next page",
        Project = "Project",
        Applicant = "Applicant",
        Score = "Score",
        CalibratedScore = "Calibrated score",
        Attention = "Needs attention",
        Pending = "Decision recorded, not released",
        Select = "Select",
        ReleaseSelected = "Release the selected decisions now",
        ReleaseHint = "Decisions recorded before the announcement date go out together on that date. Select some to send them now.",
        ReleaseTitle = "Decisions released",
        Released = "Released",
        NotReleased = "Not released",
        BackToList = "Back to the list",
        Email = "Email",
        PreferredLanguage = "Preferred language",
        Affiliations = "Affiliations",
        ConsentLabel = "Privacy notice accepted",
        ConsentNotRecorded = "Not recorded (created before consent was asked)",
        Scores = "Scores",
        Reviews = "Mentor reviews",
        NoReviews = "No reviews yet.",
        Mentor = "Mentor",
        DueAt = "Due",
        Recommendation = "Recommendation",
        Comment = "Comment",
        Timeline = "Timeline",
        Actor = "By",
        AttentionHeading = "Needs attention",
        NoAttention = "Nothing needs attention.",
        Resolve = "Mark resolved",
        Decision = "Decision",
        Offer = "Offer a place",
        Waitlist = "Waitlist",
        Reject = "Reject",
        Note = "Note to the applicant (optional)",
        AllowOverCapacity = "Offer even if the cohort is full",
        RecordDecision = "Record the decision",
        ScreeningOverride = "Screening override",
        Pass = "Pass (send to review)",
        Fail = "Fail (screen out)",
        OverrideNote = "Why (required, staff only)",
        Override = "Override screening",
        AssignMentors = "Assign mentors now",
        AssignHint = "Fills open review slots, e.g. after no mentor was free.",
        Refused = "Not done",
        EnglishDetail = "Details",
        Done = "Done",
        Screening = "Screening",
        Passed = "passed",
        Failed = "did not pass",
        Overridden = "overridden by staff",
        OfferLabel = "Offer",
        PendingDecisionLabel = "Recorded decision",
        NotFoundTitle = "No such application",
        NotFoundText = "There is no application with this id. It may have been erased.",
        CrossSiteTitle = "Refused: sent from another site",
        CrossSiteText = "Console forms may only be sent from the console's own pages. Open the page again and send the form from there.",
        UnsupportedFormTitle = "Unsupported form",
        UnsupportedFormText = "Send the form from the console page.",
    };

    public static ConsoleApplicationsText Zh { get; } = new()
    {
        ListTitle = "申请列表",
        DetailTitle = "申请详情",
        Filters = "筛选",
        Stage = "阶段",
        Track = "方向",
        AnyTrack = "全部方向",
        School = "学校",
        ProjectLanguage = "项目语言",
        MinScore = "最低分",
        MaxScore = "最高分",
        Sort = "排序",
        SortNone = "申请编号",
        SortScore = "评分（从高到低）",
        SortCalibrated = "校准分（从高到低）",
        SortSubmitted = "提交时间（从早到晚）",
        Apply = "筛选",
        Clear = "清除筛选",
        ExportCsv = "将筛选结果导出为 CSV",
        NoApplications = "没有符合条件的申请。",
        NextPage = "下一页",
        Project = "项目",
        Applicant = "申请人",
        Score = "评分",
        CalibratedScore = "校准分",
        Attention = "需要处理",
        Pending = "决定已记录，尚未公布",
        Select = "选择",
        ReleaseSelected = "立即公布所选决定",
        ReleaseHint = "公布日期之前记录的决定将于该日期统一发出。勾选后可立即发出。",
        ReleaseTitle = "决定已公布",
        Released = "已公布",
        NotReleased = "未公布",
        BackToList = "返回列表",
        Email = "邮箱",
        PreferredLanguage = "首选语言",
        Affiliations = "所属机构",
        ConsentLabel = "已同意的隐私声明",
        ConsentNotRecorded = "未记录（创建于征求同意之前）",
        Scores = "评分",
        Reviews = "导师评审",
        NoReviews = "尚无评审。",
        Mentor = "导师",
        DueAt = "截止",
        Recommendation = "推荐意见",
        Comment = "评语",
        Timeline = "记录",
        Actor = "操作人",
        AttentionHeading = "需要处理",
        NoAttention = "没有需要处理的事项。",
        Resolve = "标记为已处理",
        Decision = "决定",
        Offer = "录取",
        Waitlist = "列入候补",
        Reject = "不录取",
        Note = "给申请人的留言（选填）",
        AllowOverCapacity = "名额已满时仍然录取",
        RecordDecision = "记录决定",
        ScreeningOverride = "复核资格审核",
        Pass = "通过（进入评审）",
        Fail = "不通过",
        OverrideNote = "原因（必填，仅项目组可见）",
        Override = "提交复核",
        AssignMentors = "立即分配导师",
        AssignHint = "为空缺的评审名额分配导师，例如此前没有空闲导师时。",
        Refused = "未完成",
        EnglishDetail = "详情（英文）",
        Done = "已完成",
        Screening = "资格审核",
        Passed = "通过",
        Failed = "未通过",
        Overridden = "已由项目组复核",
        OfferLabel = "录取",
        PendingDecisionLabel = "已记录的决定",
        NotFoundTitle = "未找到该申请",
        NotFoundText = "没有此编号的申请，可能已被删除。",
        CrossSiteTitle = "已拒绝：请求来自其他网站",
        CrossSiteText = "控制台表单只能从控制台页面提交。请重新打开页面后再提交。",
        UnsupportedFormTitle = "表单格式不支持",
        UnsupportedFormText = "请在控制台页面中提交表单。",
    };

    public required string ListTitle { get; init; }
    public required string DetailTitle { get; init; }
    public required string Filters { get; init; }
    public required string Stage { get; init; }
    public required string Track { get; init; }
    public required string AnyTrack { get; init; }
    public required string School { get; init; }
    public required string ProjectLanguage { get; init; }
    public required string MinScore { get; init; }
    public required string MaxScore { get; init; }
    public required string Sort { get; init; }
    public required string SortNone { get; init; }
    public required string SortScore { get; init; }
    public required string SortCalibrated { get; init; }
    public required string SortSubmitted { get; init; }
    public required string Apply { get; init; }
    public required string Clear { get; init; }
    public required string ExportCsv { get; init; }
    public required string NoApplications { get; init; }
    public required string NextPage { get; init; }
    public required string Project { get; init; }
    public required string Applicant { get; init; }
    public required string Score { get; init; }
    public required string CalibratedScore { get; init; }
    public required string Attention { get; init; }
    public required string Pending { get; init; }
    public required string Select { get; init; }
    public required string ReleaseSelected { get; init; }
    public required string ReleaseHint { get; init; }
    public required string ReleaseTitle { get; init; }
    public required string Released { get; init; }
    public required string NotReleased { get; init; }
    public required string BackToList { get; init; }
    public required string Email { get; init; }
    public required string PreferredLanguage { get; init; }
    public required string Affiliations { get; init; }
    public required string ConsentLabel { get; init; }
    public required string ConsentNotRecorded { get; init; }
    public required string Scores { get; init; }
    public required string Reviews { get; init; }
    public required string NoReviews { get; init; }
    public required string Mentor { get; init; }
    public required string DueAt { get; init; }
    public required string Recommendation { get; init; }
    public required string Comment { get; init; }
    public required string Timeline { get; init; }
    public required string Actor { get; init; }
    public required string AttentionHeading { get; init; }
    public required string NoAttention { get; init; }
    public required string Resolve { get; init; }
    public required string Decision { get; init; }
    public required string Offer { get; init; }
    public required string Waitlist { get; init; }
    public required string Reject { get; init; }
    public required string Note { get; init; }
    public required string AllowOverCapacity { get; init; }
    public required string RecordDecision { get; init; }
    public required string ScreeningOverride { get; init; }
    public required string Pass { get; init; }
    public required string Fail { get; init; }
    public required string OverrideNote { get; init; }
    public required string Override { get; init; }
    public required string AssignMentors { get; init; }
    public required string AssignHint { get; init; }
    public required string Refused { get; init; }

    /// <summary>Labels the API's own detail (in English) under a refusal explained in the page's language.</summary>
    public required string EnglishDetail { get; init; }
    public required string Done { get; init; }
    public required string Screening { get; init; }
    public required string Passed { get; init; }
    public required string Failed { get; init; }
    public required string Overridden { get; init; }
    public required string OfferLabel { get; init; }
    public required string PendingDecisionLabel { get; init; }
    public required string NotFoundTitle { get; init; }
    public required string NotFoundText { get; init; }
    public required string CrossSiteTitle { get; init; }
    public required string CrossSiteText { get; init; }
    public required string UnsupportedFormTitle { get; init; }
    public required string UnsupportedFormText { get; init; }

    public static ConsoleApplicationsText For(PageText text) => text.IsChinese ? Zh : En;

    private bool IsChinese => this == Zh;

    /// <summary>A staff decision's name.</summary>
    public string DecisionName(StaffDecision decision) => decision switch
    {
        StaffDecision.Offer => Offer,
        StaffDecision.Waitlist => Waitlist,
        _ => Reject,
    };

    public string SeatsLeft(int free, int capacity) =>
        IsChinese ? $"本期名额 {capacity} 个，尚余 {free} 个（已发出和已接受的录取占用名额）。" : $"{free} of the cohort's {capacity} places are free (offers outstanding and acceptances hold one each).";

    public string HeldUntil(string releaseAt) =>
        IsChinese ? $"决定将于 {releaseAt} 统一公布；在此之前记录的决定仅项目组可见。" : $"Decisions are announced together on {releaseAt}; until then a decision is recorded and seen by staff only.";

    public string PendingSince(StaffDecision decision, string decidedAt, string by, string releaseAt) =>
        IsChinese ? $"{DecisionName(decision)}（{by} 于 {decidedAt} 记录），将于 {releaseAt} 公布。" : $"{DecisionName(decision)} (recorded {decidedAt} by {by}), to be released {releaseAt}.";

    public string OfferExpires(string expiresAt) => IsChinese ? $"录取有效期至 {expiresAt}。" : $"The offer is open until {expiresAt}.";

    /// <summary>What the flash line after a console action says (<c>?done=</c>); null for an unknown value.</summary>
    public string? DoneMessage(string? done) => (done, IsChinese) switch
    {
        ("offer", false) => "The offer is recorded.",
        ("offer", true) => "录取决定已记录。",
        ("waitlist", false) => "The application is waitlisted (or the waitlisting recorded).",
        ("waitlist", true) => "已列入候补（或已记录该决定）。",
        ("reject", false) => "The rejection is recorded.",
        ("reject", true) => "不录取决定已记录。",
        ("screening-override", false) => "Screening is overridden.",
        ("screening-override", true) => "资格审核已复核。",
        ("assign-mentors", false) => "Open review slots are being filled.",
        ("assign-mentors", true) => "正在为空缺的评审名额分配导师。",
        ("resolve-attention", false) => "The item is marked resolved.",
        ("resolve-attention", true) => "该事项已标记为已处理。",
        _ => null,
    };

    public string ScoreText(double? score) => score?.ToString("0.00", CultureInfo.InvariantCulture) ?? "—";

    public string ReleasedCount(int released, int asked) =>
        IsChinese ? $"已公布 {released} 个决定（共选择 {asked} 个）。" : $"{released} of {asked} selected decisions were released.";
}
