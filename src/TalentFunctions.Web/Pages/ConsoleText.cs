using System.Globalization;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Workflow.Privacy;

namespace TalentFunctions.Web.Pages;

/// <summary>
/// Every word of the staff console's sign-in and dashboard pages, in English and Simplified Chinese (the same rule as
/// <see cref="PageText"/>: one instance per language, every text required). Pick it with <see cref="For"/>.
/// </summary>
public sealed class ConsoleText
{
    public static ConsoleText En { get; } = new()
    {
        ConsoleName = "TalentFunctions staff console",
        SignInTitle = "Staff sign-in",
        SignInIntro = "Enter your staff email address. If it is a staff address, we email you a sign-in link that works once.",
        EmailLabel = "Email address",
        SendLink = "Email me a sign-in link",
        EmailInvalid = "Enter an email address, like name@example.org.",
        CheckInboxTitle = "Check your inbox",
        ConfirmTitle = "Sign in to the staff console",
        ConfirmText = "Press the button to sign in on this device.",
        SignInButton = "Sign in",
        LinkUnusableTitle = "This sign-in link cannot be used",
        LinkUnusableText = "It has been used already or has expired. Ask for a new one.",
        RequestNewLink = "Ask for a new sign-in link",
        SignedOutTitle = "Signed out",
        SignedOutText = "You are signed out of the staff console on this device.",
        SignInAgain = "Sign in again",
        SignOut = "Sign out",
        NavLabel = "Console",
        NavDashboard = "Dashboard",
        NavApplications = "Applications",
        ProgramsLabel = "Programs",
        ForbiddenTitle = "Not allowed with your role",
        ForbiddenText = "Your staff role does not allow this action. Ask a staff admin if you need the decider or admin role.",
        DashboardTitle = "Dashboard",
        FunnelHeading = "Funnel",
        FunnelNote = "How many applications reached each step (withdrawn ones count as started only), and how many left.",
        StepColumn = "Step",
        CountColumn = "Applications",
        Started = "Drafts started",
        Submitted = "Submitted",
        ScreenedIn = "Screened in",
        Reviewed = "Reviewed",
        Offered = "Offered",
        Accepted = "Accepted",
        ScreenedOut = "Screened out",
        Rejected = "Rejected",
        Withdrawn = "Withdrawn",
        DeclinedOrExpired = "Offer declined or expired",
        ReviewsHeading = "Mentor reviews",
        ReviewsOpen = "Open",
        ReviewsDueSoon = "Due within 48 hours",
        ReviewsOverdue = "Overdue",
        AttentionHeading = "Needs attention",
        NoAttention = "Nothing needs attention.",
        CohortHeading = "Cohort",
        Capacity = "Places",
        SeatsHeld = "Offered or accepted",
        SeatsFree = "Free",
        Waitlisted = "Waitlisted",
        WaitlistModeLabel = "Waitlist",
        WaitlistSuggest = "suggest: staff are emailed who is next",
        WaitlistAutomatic = "automatic: the best waitlisted application gets the offer",
        RetentionHeading = "Retention",
        MeanScore = "Mean weighted score",
        TotalLabel = "Applications",
        Reader = "reader",
        Decider = "decider",
        Admin = "admin",
    };

    public static ConsoleText Zh { get; } = new()
    {
        ConsoleName = "TalentFunctions 项目管理后台",
        SignInTitle = "工作人员登录",
        SignInIntro = "请输入您的工作邮箱。如果这是工作人员的邮箱，我们会发送一个仅可使用一次的登录链接。",
        EmailLabel = "电子邮箱",
        SendLink = "发送登录链接",
        EmailInvalid = "请输入电子邮箱地址，例如 name@example.org。",
        CheckInboxTitle = "请查收邮件",
        ConfirmTitle = "登录项目管理后台",
        ConfirmText = "按下按钮，在此设备上登录。",
        SignInButton = "登录",
        LinkUnusableTitle = "该登录链接无法使用",
        LinkUnusableText = "链接已被使用或已过期，请重新申请。",
        RequestNewLink = "重新申请登录链接",
        SignedOutTitle = "已退出",
        SignedOutText = "您已在此设备上退出项目管理后台。",
        SignInAgain = "重新登录",
        SignOut = "退出登录",
        NavLabel = "管理后台",
        NavDashboard = "概览",
        NavApplications = "申请列表",
        ProgramsLabel = "计划",
        ForbiddenTitle = "您的角色无权执行此操作",
        ForbiddenText = "您的工作人员角色不允许此操作。如需决定者或管理员角色，请联系管理员。",
        DashboardTitle = "概览",
        FunnelHeading = "申请漏斗",
        FunnelNote = "到达各环节的申请数量（已撤回的申请只计入“已开始”），以及离开的数量。",
        StepColumn = "环节",
        CountColumn = "申请数",
        Started = "已开始填写",
        Submitted = "已提交",
        ScreenedIn = "通过资格审核",
        Reviewed = "评审完成",
        Offered = "已发出录取",
        Accepted = "已接受录取",
        ScreenedOut = "未通过资格审核",
        Rejected = "未获录取",
        Withdrawn = "已撤回",
        DeclinedOrExpired = "谢绝或录取过期",
        ReviewsHeading = "导师评审",
        ReviewsOpen = "进行中",
        ReviewsDueSoon = "48 小时内到期",
        ReviewsOverdue = "已逾期",
        AttentionHeading = "需要处理",
        NoAttention = "目前没有需要处理的申请。",
        CohortHeading = "名额",
        Capacity = "名额总数",
        SeatsHeld = "已录取或已接受",
        SeatsFree = "剩余名额",
        Waitlisted = "候补",
        WaitlistModeLabel = "候补方式",
        WaitlistSuggest = "建议：邮件通知工作人员下一位候补",
        WaitlistAutomatic = "自动：排名最高的候补申请直接获得录取",
        RetentionHeading = "资料保留",
        MeanScore = "平均加权分",
        TotalLabel = "申请总数",
        Reader = "查看者",
        Decider = "决定者",
        Admin = "管理员",
    };

    public required string ConsoleName { get; init; }
    public required string SignInTitle { get; init; }
    public required string SignInIntro { get; init; }
    public required string EmailLabel { get; init; }
    public required string SendLink { get; init; }
    public required string EmailInvalid { get; init; }
    public required string CheckInboxTitle { get; init; }
    public required string ConfirmTitle { get; init; }
    public required string ConfirmText { get; init; }
    public required string SignInButton { get; init; }
    public required string LinkUnusableTitle { get; init; }
    public required string LinkUnusableText { get; init; }
    public required string RequestNewLink { get; init; }
    public required string SignedOutTitle { get; init; }
    public required string SignedOutText { get; init; }
    public required string SignInAgain { get; init; }
    public required string SignOut { get; init; }
    public required string NavLabel { get; init; }
    public required string NavDashboard { get; init; }
    public required string NavApplications { get; init; }
    public required string ProgramsLabel { get; init; }
    public required string ForbiddenTitle { get; init; }
    public required string ForbiddenText { get; init; }
    public required string DashboardTitle { get; init; }
    public required string FunnelHeading { get; init; }
    public required string FunnelNote { get; init; }
    public required string StepColumn { get; init; }
    public required string CountColumn { get; init; }
    public required string Started { get; init; }
    public required string Submitted { get; init; }
    public required string ScreenedIn { get; init; }
    public required string Reviewed { get; init; }
    public required string Offered { get; init; }
    public required string Accepted { get; init; }
    public required string ScreenedOut { get; init; }
    public required string Rejected { get; init; }
    public required string Withdrawn { get; init; }
    public required string DeclinedOrExpired { get; init; }
    public required string ReviewsHeading { get; init; }
    public required string ReviewsOpen { get; init; }
    public required string ReviewsDueSoon { get; init; }
    public required string ReviewsOverdue { get; init; }
    public required string AttentionHeading { get; init; }
    public required string NoAttention { get; init; }
    public required string CohortHeading { get; init; }
    public required string Capacity { get; init; }
    public required string SeatsHeld { get; init; }
    public required string SeatsFree { get; init; }
    public required string Waitlisted { get; init; }
    public required string WaitlistModeLabel { get; init; }
    public required string WaitlistSuggest { get; init; }
    public required string WaitlistAutomatic { get; init; }
    public required string RetentionHeading { get; init; }
    public required string MeanScore { get; init; }
    public required string TotalLabel { get; init; }
    public required string Reader { get; init; }
    public required string Decider { get; init; }
    public required string Admin { get; init; }

    public static ConsoleText For(PageText text) => text.IsChinese ? Zh : En;

    public string CheckInboxText(TimeSpan lifetime) =>
        ReferenceEquals(this, Zh)
            ? $"如果该地址属于工作人员，登录链接已发送到该邮箱，{Minutes(lifetime)} 分钟内有效，仅可使用一次。没有收到？请检查垃圾邮件，或稍后重新申请。"
            : $"If the address belongs to a staff member, a sign-in link is on its way. It works once, within {Minutes(lifetime)} minutes. Nothing arrived? Check your spam folder, or ask again in a moment.";

    public string SignedInAs(string name, string role) =>
        ReferenceEquals(this, Zh) ? $"{name}（{RoleName(role)}）" : $"{name} ({RoleName(role)})";

    public string RoleName(string role) => role switch
    {
        "admin" => Admin,
        "decider" => Decider,
        _ => Reader,
    };

    public string WaitlistMode(WaitlistMode? mode) => mode == Domain.Programs.WaitlistMode.Automatic ? WaitlistAutomatic : WaitlistSuggest;

    /// <summary>Where the cycle's retention sweep stands (ADR 0017), in one sentence; times in the program's zone.</summary>
    public string RetentionState(RetentionStatus? status, string timeZone)
    {
        var zh = ReferenceEquals(this, Zh);
        string At(DateTimeOffset at) => PageText.Time(at, timeZone);
        return status switch
        {
            null => zh
                ? "尚未开始：本届的第一份申请创建后，系统开始跟踪资料保留。"
                : "Not started: the sweep starts with the cycle's first application.",
            { SweptAt: { } swept } => zh
                ? $"已于 {At(swept)} 完成：{status.Reduced} 份未录取申请已删除资料、只保留匿名统计；{status.Accepted} 份已接受的申请保留。"
                : $"Done on {At(swept)}. Applications not accepted, reduced to anonymised statistics and their materials deleted: {status.Reduced}. Accepted applications, kept: {status.Accepted}.",
            { SweepAt: { } sweepAt } => zh
                ? $"本届已于 {At(status.ClosedAt!.Value)} 结束。{At(sweepAt)} 将删除 {status.ToReduce} 份未录取申请的资料（样片、剧本、简历、视觉手册），记录只保留匿名统计；{status.Accepted} 份已接受的申请保留。"
                : $"The cycle closed on {At(status.ClosedAt!.Value)}. On {At(sweepAt)} the materials of the applications not accepted (reels, scripts, CVs, lookbooks) are deleted and their records reduced to anonymised statistics: {status.ToReduce}. Accepted applications, kept: {status.Accepted}.",
            _ => zh
                ? $"本届尚未结束：截止日期未过，或仍有 {status.Open} 份申请未结束（审阅中、未决定、候补或录取待答复）。全部决定后，{status.ToReduce} 份未录取申请的资料将在保留期满后删除。"
                : $"The cycle is open: its deadline has not passed, or applications are still open (in review, undecided, waitlisted or holding an offer): {status.Open}. Once every one is closed, the materials of those not accepted are deleted when the retention period ends.",
        };
    }

    public string FunnelDescription(IEnumerable<(string Label, int Count)> bars) =>
        string.Join(ReferenceEquals(this, Zh) ? "；" : "; ", bars.Select(b => $"{b.Label}{(ReferenceEquals(this, Zh) ? "：" : ": ")}{b.Count}"));

    private static string Minutes(TimeSpan lifetime) => Math.Ceiling(lifetime.TotalMinutes).ToString(CultureInfo.InvariantCulture);
}
