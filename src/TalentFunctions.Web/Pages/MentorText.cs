namespace TalentFunctions.Web.Pages;

/// <summary>The words of the mentor's "my reviews" page, review drafts and declining for lack of time, in both languages.</summary>
public sealed class MentorText
{
    public static MentorText En { get; } = new()
    {
        MyReviewsTitle = "My reviews",
        MyReviewsLink = "All my reviews",
        MyReviewsIntro = "Every review assigned to you: the open ones first, soonest due first, then those already closed.",
        NoOpenReviews = "You have no open reviews. Thank you!",
        ProjectColumn = "Project",
        DueColumn = "Due",
        StateColumn = "State",
        StateOpen = "Open",
        StateDraft = "Draft saved",
        StateOverdue = "Overdue",
        StateSubmitted = "Submitted",
        StateDeclined = "Declined",
        StateReassigned = "Passed to another mentor after its due date",
        StateCancelled = "No longer needed (the application was withdrawn or closed)",
        OpenReview = "Open the review",
        SeeReview = "See what you submitted",
        SaveDraft = "Save as draft",
        DraftSaved = "Your draft is saved. It stays here until you submit the review; nobody else sees it.",
        NoTimeHeading = "No time to review",
        NoTimeExplain = "If you cannot review by the due date, decline: the review goes to another mentor.",
        DeclineNoTime = "Decline: I have no time",
        NoTimeRecorded = "You have declined this review. It will go to another mentor; you do not need to do anything else.",
        NoTimeReason = "No time to review",
    };

    public static MentorText Zh { get; } = new()
    {
        MyReviewsTitle = "我的评审",
        MyReviewsLink = "查看我的全部评审",
        MyReviewsIntro = "分配给您的全部评审：待完成的在前，按截止时间排列；其后是已结束的评审。",
        NoOpenReviews = "您目前没有待完成的评审，谢谢！",
        ProjectColumn = "项目",
        DueColumn = "截止时间",
        StateColumn = "状态",
        StateOpen = "待评审",
        StateDraft = "已存草稿",
        StateOverdue = "已逾期",
        StateSubmitted = "已提交",
        StateDeclined = "已谢绝",
        StateReassigned = "逾期后已转给其他导师",
        StateCancelled = "无需评审（申请已撤回或已结束）",
        OpenReview = "打开评审",
        SeeReview = "查看已提交的评审",
        SaveDraft = "保存草稿",
        DraftSaved = "草稿已保存，提交评审前会一直保留，仅您本人可见。",
        NoTimeHeading = "没有时间评审",
        NoTimeExplain = "如果您无法在截止时间前完成评审，请谢绝：该评审将转给其他导师。",
        DeclineNoTime = "谢绝：我没有时间",
        NoTimeRecorded = "您已谢绝此评审，该评审将转给其他导师，您无需再做任何操作。",
        NoTimeReason = "没有时间评审",
    };

    public required string MyReviewsTitle { get; init; }
    public required string MyReviewsLink { get; init; }
    public required string MyReviewsIntro { get; init; }
    public required string NoOpenReviews { get; init; }
    public required string ProjectColumn { get; init; }
    public required string DueColumn { get; init; }
    public required string StateColumn { get; init; }
    public required string StateOpen { get; init; }
    public required string StateDraft { get; init; }
    public required string StateOverdue { get; init; }
    public required string StateSubmitted { get; init; }
    public required string StateDeclined { get; init; }
    public required string StateReassigned { get; init; }
    public required string StateCancelled { get; init; }
    public required string OpenReview { get; init; }
    public required string SeeReview { get; init; }
    public required string SaveDraft { get; init; }
    public required string DraftSaved { get; init; }
    public required string NoTimeHeading { get; init; }
    public required string NoTimeExplain { get; init; }
    public required string DeclineNoTime { get; init; }
    public required string NoTimeRecorded { get; init; }
    public required string NoTimeReason { get; init; }

    public static MentorText For(PageText text) => text.IsChinese ? Zh : En;
}
