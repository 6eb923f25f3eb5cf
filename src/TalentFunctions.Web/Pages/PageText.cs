using System.Globalization;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Web.Pages;

/// <summary>
/// Every word the pages show, in English and Simplified Chinese. One instance per language, so a text missing in
/// one language does not compile. Texts are plain (the pages encode them); placeholders are filled by the methods.
/// </summary>
public sealed class PageText
{
    public const string English = Languages.English;
    public const string Chinese = Languages.Chinese;

    public static PageText En { get; } = new()
    {
        Language = English,
        OtherLanguageName = "中文",
        Yes = "Yes",
        ProgramLabel = "Program",
        ProjectHeading = "Project",
        TitleLabel = "Title",
        LoglineLabel = "Logline",
        SynopsisLabel = "Synopsis",
        FormatLabel = "Format",
        LanguageLabel = "Language",
        TrackLabel = "Track",
        ApplicantHeading = "Applicant",
        SchoolLabel = "Film school",
        GraduationYearLabel = "Graduation year",
        RolesLabel = "Roles",
        AwardsLabel = "Awards",
        None = "—",
        MaterialsHeading = "Materials",
        NoMaterials = "No materials were uploaded.",
        MaterialLinksNote = "Material links work for 30 minutes; reload the page for fresh ones.",
        VideoFallback = "Your browser cannot play this video here; use the link below.",
        OpenPdf = "Open the PDF",
        DownloadVideo = "Download the video",
        ReviewTitle = "Mentor review",
        ScoresHeading = "Scores",
        ScaleHint = "1 = weak · 3 = solid · 5 = outstanding",
        RecommendationLegend = "Your recommendation",
        Advance = "Advance",
        Decline = "Decline",
        CommentLabel = "Comment for the program staff",
        SubmitReview = "Submit the review",
        ConflictHeading = "Conflict of interest",
        ConflictExplain = "If you know the applicant or have worked with them, do not review: declare the conflict and the review goes to another mentor.",
        BlindConflictExplain = "If you recognise the project or know who wrote or directed it, or have worked on it, do not review: declare the conflict and the review goes to another mentor.",
        BlindReviewHeading = "Blind review",
        BlindReviewExplain = "This program reviews blind: judge the project on its own. The applicant's name, contact details, school, graduation year, roles and awards are not shown, nor their CV or lookbook, and files carry neutral names. Credits in a reel or a name on a title page may still show; please disregard them.",
        ConflictCheckbox = "I have a conflict of interest",
        ConflictReasonLabel = "Reason (optional, seen by program staff only)",
        DeclareConflict = "Declare the conflict",
        ErrorSummary = "Please correct the following:",
        RecommendationMissing = "Choose a recommendation: advance or decline.",
        CommentMissing = "Write a comment.",
        ConflictNotConfirmed = "Tick \"I have a conflict of interest\" to declare it.",
        ThankYouTitle = "Thank you",
        ReviewRecorded = "Your review has been recorded. The program staff have been told.",
        ConflictRecorded = "Your conflict of interest has been recorded. The review will go to another mentor; you do not need to do anything else.",
        AlreadyRecordedTitle = "Already recorded",
        AlreadyRecorded = "This review has already been recorded. Nothing was changed.",
        NoLongerYoursTitle = "No longer yours",
        NoLongerYours = "This review is no longer assigned to you (it was reassigned, declared a conflict, or is no longer needed). Nothing was changed.",
        ClosedTitle = "Closed",
        ReviewClosed = "This application is no longer in review. Nothing was changed.",
        OfferTitle = "Your offer",
        NoteLabel = "A note from the program",
        AcceptOffer = "Accept the offer",
        DeclineOffer = "Decline the offer",
        DeclineWarning = "Declining cannot be undone.",
        ResponseMissing = "Choose accept or decline.",
        WelcomeTitle = "Welcome!",
        OfferAcceptedText = "You have accepted the offer. The program staff will be in touch about the next steps.",
        OfferDeclinedTitle = "Offer declined",
        OfferDeclinedText = "You have declined the offer. Thank you for applying, and all the best for your project.",
        OfferExpiredTitle = "Offer expired",
        OfferExpiredText = "This offer has expired and can no longer be answered.",
        OfferAlreadyAccepted = "You have already accepted this offer. Nothing was changed.",
        OfferAlreadyDeclined = "You have already declined this offer. Nothing was changed.",
        OfferClosed = "This offer is no longer open. Nothing was changed.",
        StatusTitle = "Your application",
        StageLabel = "Status",
        DeadlineLabel = "Submission deadline",
        SubmittedLabel = "Submitted",
        TimelineHeading = "Timeline",
        MissingMaterialsHeading = "Still missing",
        ScreeningHeading = "Screening",
        ViewOffer = "View your offer and answer it",
        MaterialVerified = "received",
        MaterialPending = "upload not finished",
        OfferExpiresLabel = "Answer by",
        OriginalLabel = "Original",
        MachineTranslationLabel = "Machine translation",
        MachineTranslationNote = "The applicant's texts are shown as written, with a machine translation into English beside them. The translation may contain errors; the original is what counts.",
        MachineTranslationUnavailable = "Machine translation unavailable: the applicant's texts are shown as written only.",
        PortalTitle = "Apply to a film talent program",
        PortalIntro = "Choose a program and start your application. It is saved as you type; the link we email you opens it again on any device.",
        NoOpenPrograms = "No program is open for applications right now.",
        OpenUntilLabel = "Applications close",
        TracksLabel = "Tracks",
        RequiredMaterialsLabel = "Required materials",
        OptionalMaterialsLabel = "Optional materials",
        ApplyLink = "Apply",
        ApplyTitle = "Application",
        ProgramNotOpenTitle = "This program is not open",
        ProgramNotOpen = "This program does not take applications now.",
        NameLabel = "Name",
        EmailLabel = "Email",
        EmailHint = "We email you a link to continue this application on any device.",
        PreferredLanguageLabel = "Language of our emails",
        TimeZoneLabel = "Time zone (e.g. Asia/Shanghai)",
        AffiliationsLabel = "Companies you work or worked with",
        OnePerLine = "One per line.",
        ChooseOne = "Choose…",
        RequiredMark = "required",
        OptionalMark = "optional",
        MaxSizeLabel = "Up to",
        SaveDraft = "Save now",
        NotSavedYet = "Not saved yet: enter your email to start.",
        Saving = "Saving…",
        Saved = "All changes saved.",
        SaveFailed = "Could not save. Check the fields marked below, or your connection, and try again.",
        SaveRefused = "Not saved:",
        FieldRequired = "Please fill this in.",
        FieldInvalid = "Please check this value.",
        UploadButton = "Upload",
        CancelUpload = "Cancel upload",
        Uploading = "Uploading…",
        UploadCancelled = "Upload cancelled. Choose the file again to continue where it stopped.",
        UploadFailed = "The upload stopped. Choose the same file again to continue where it stopped.",
        UploadVerifying = "Checking the file…",
        UploadVerified = "Uploaded and verified.",
        UploadRejected = "The file was not accepted:",
        UploadResume = "An unfinished upload of this material: choose the same file again to continue.",
        SaveFirst = "Enter your email first: the application starts when it is saved.",
        SubmitApplication = "Submit application",
        SubmitMissing = "Before you can submit, complete:",
        SubmittedTitle = "Application submitted",
        SubmittedText = "Thank you. We emailed you a confirmation. You can follow your application on its status page.",
        ViewStatus = "See the status of your application",
        WithdrawApplication = "Withdraw application",
        WithdrawConfirm = "Withdraw this application? This cannot be undone.",
        WithdrawnText = "Your application was withdrawn.",
        NotADraftText = "This application is no longer a draft, so it cannot be edited.",
        ContinueApplication = "Continue your application",
        DeadlineLocalNote = "Shown in your time zone.",
        BlindNoteHeading = "Blind review",
        ScriptOff = "Turn on JavaScript to save and upload: this form saves as you type and uploads straight to storage.",
        ConsentHeading = "Your data",
        ConsentHint = "We keep your application only once you accept the privacy notice: it says what we collect, who sees it, how long we keep it and what is sent abroad.",
        ConsentBefore = "I have read and accept the ",
        PrivacyNoticeLink = "privacy notice",
        ConsentNeeded = "Not saved yet: tick the box to accept the privacy notice, and your draft is saved.",
        PrivacyTitle = "Privacy notice",
    };

    public static PageText Zh { get; } = new()
    {
        Language = Chinese,
        OtherLanguageName = "English",
        Yes = "是",
        ProgramLabel = "计划",
        ProjectHeading = "项目",
        TitleLabel = "片名",
        LoglineLabel = "一句话梗概",
        SynopsisLabel = "故事梗概",
        FormatLabel = "形式",
        LanguageLabel = "语言",
        TrackLabel = "方向",
        ApplicantHeading = "申请人",
        SchoolLabel = "电影学院",
        GraduationYearLabel = "毕业年份",
        RolesLabel = "职务",
        AwardsLabel = "获奖",
        None = "—",
        MaterialsHeading = "申请材料",
        NoMaterials = "未上传材料。",
        MaterialLinksNote = "材料链接 30 分钟内有效；如已失效，请刷新页面。",
        VideoFallback = "您的浏览器无法在此播放视频，请使用下方链接。",
        OpenPdf = "打开 PDF",
        DownloadVideo = "下载视频",
        ReviewTitle = "导师评审",
        ScoresHeading = "评分",
        ScaleHint = "1 = 较弱 · 3 = 扎实 · 5 = 杰出",
        RecommendationLegend = "您的推荐意见",
        Advance = "推荐晋级",
        Decline = "不推荐",
        CommentLabel = "给项目组的评语",
        SubmitReview = "提交评审",
        ConflictHeading = "利益冲突",
        ConflictExplain = "如果您认识申请人或与其有过合作，请勿评审：声明利益冲突后，该评审将转给其他导师。",
        BlindConflictExplain = "如果您认出了该项目或知道其编剧、导演是谁，或参与过该项目，请勿评审：声明利益冲突后，该评审将转给其他导师。",
        BlindReviewHeading = "匿名评审",
        BlindReviewExplain = "本项目采用匿名评审，请仅就项目本身作出评价。页面不显示申请人的姓名、联系方式、学校、毕业年份、职务和获奖情况，也不提供其个人简历和视觉手册；文件均以中性名称显示。样片中的片尾字幕或剧本封面上仍可能出现姓名，请不予考虑。",
        ConflictCheckbox = "我与该申请存在利益冲突",
        ConflictReasonLabel = "原因（选填，仅项目组可见）",
        DeclareConflict = "声明利益冲突",
        ErrorSummary = "请修改以下内容：",
        RecommendationMissing = "请选择推荐意见：推荐晋级或不推荐。",
        CommentMissing = "请填写评语。",
        ConflictNotConfirmed = "请勾选“我与该申请存在利益冲突”后再声明。",
        ThankYouTitle = "感谢您",
        ReviewRecorded = "您的评审已记录，项目组已收到通知。",
        ConflictRecorded = "您的利益冲突声明已记录。该评审将转给其他导师，您无需再做任何操作。",
        AlreadyRecordedTitle = "已记录",
        AlreadyRecorded = "该评审此前已记录，本次未做任何更改。",
        NoLongerYoursTitle = "评审已不属于您",
        NoLongerYours = "该评审已不再分配给您（已转给其他导师、已声明利益冲突或已无需评审），本次未做任何更改。",
        ClosedTitle = "已关闭",
        ReviewClosed = "该申请已不在评审阶段，本次未做任何更改。",
        OfferTitle = "录取通知",
        NoteLabel = "项目组留言",
        AcceptOffer = "接受录取",
        DeclineOffer = "谢绝录取",
        DeclineWarning = "谢绝后无法撤销。",
        ResponseMissing = "请选择接受或谢绝。",
        WelcomeTitle = "欢迎加入！",
        OfferAcceptedText = "您已接受录取，项目组将与您联系后续安排。",
        OfferDeclinedTitle = "已谢绝录取",
        OfferDeclinedText = "您已谢绝录取。感谢您的申请，祝您的项目一切顺利。",
        OfferExpiredTitle = "录取已过期",
        OfferExpiredText = "该录取通知已过期，无法再回复。",
        OfferAlreadyAccepted = "您此前已接受该录取，本次未做任何更改。",
        OfferAlreadyDeclined = "您此前已谢绝该录取，本次未做任何更改。",
        OfferClosed = "该录取已不再有效，本次未做任何更改。",
        StatusTitle = "您的申请",
        StageLabel = "状态",
        DeadlineLabel = "提交截止时间",
        SubmittedLabel = "提交时间",
        TimelineHeading = "进度",
        MissingMaterialsHeading = "尚缺材料",
        ScreeningHeading = "资格审核",
        ViewOffer = "查看录取通知并回复",
        MaterialVerified = "已收到",
        MaterialPending = "上传未完成",
        OfferExpiresLabel = "回复截止",
        OriginalLabel = "原文",
        MachineTranslationLabel = "机器翻译",
        MachineTranslationNote = "申请人填写的内容按原文显示，旁边附有中文机器翻译。译文可能有误，以原文为准。",
        MachineTranslationUnavailable = "机器翻译暂不可用：以下仅显示申请人填写的原文。",
        PortalTitle = "申请电影人才计划",
        PortalIntro = "选择一个计划并开始申请。填写内容会自动保存；我们发到您邮箱的链接可以在任何设备上继续填写。",
        NoOpenPrograms = "目前没有开放申请的计划。",
        OpenUntilLabel = "申请截止",
        TracksLabel = "方向",
        RequiredMaterialsLabel = "必交材料",
        OptionalMaterialsLabel = "选交材料",
        ApplyLink = "申请",
        ApplyTitle = "申请表",
        ProgramNotOpenTitle = "该计划目前不开放申请",
        ProgramNotOpen = "该计划目前不接受申请。",
        NameLabel = "姓名",
        EmailLabel = "邮箱",
        EmailHint = "我们会给您发送一个链接，可在任何设备上继续填写本申请。",
        PreferredLanguageLabel = "邮件语言",
        TimeZoneLabel = "时区（例如 Asia/Shanghai）",
        AffiliationsLabel = "合作过的公司",
        OnePerLine = "每行一项。",
        ChooseOne = "请选择…",
        RequiredMark = "必填",
        OptionalMark = "选填",
        MaxSizeLabel = "最大",
        SaveDraft = "立即保存",
        NotSavedYet = "尚未保存：请先填写邮箱。",
        Saving = "正在保存…",
        Saved = "所有修改已保存。",
        SaveFailed = "保存失败。请检查下方标出的字段或网络连接后重试。",
        SaveRefused = "未保存：",
        FieldRequired = "请填写此项。",
        FieldInvalid = "请检查此项。",
        UploadButton = "上传",
        CancelUpload = "取消上传",
        Uploading = "正在上传…",
        UploadCancelled = "已取消上传。重新选择该文件即可从中断处继续。",
        UploadFailed = "上传中断。重新选择同一文件即可从中断处继续。",
        UploadVerifying = "正在校验文件…",
        UploadVerified = "已上传并通过校验。",
        UploadRejected = "文件未被接受：",
        UploadResume = "该材料有未完成的上传：请重新选择同一文件以继续。",
        SaveFirst = "请先填写邮箱：申请在首次保存时创建。",
        SubmitApplication = "提交申请",
        SubmitMissing = "提交前请完成：",
        SubmittedTitle = "申请已提交",
        SubmittedText = "谢谢！确认邮件已发送。您可以在申请状态页查看进度。",
        ViewStatus = "查看申请状态",
        WithdrawApplication = "撤回申请",
        WithdrawConfirm = "确定撤回本申请吗？撤回后无法恢复。",
        WithdrawnText = "您的申请已撤回。",
        NotADraftText = "本申请已不是草稿，无法再修改。",
        ContinueApplication = "继续填写申请",
        DeadlineLocalNote = "按您所在时区显示。",
        BlindNoteHeading = "匿名评审",
        ScriptOff = "请启用 JavaScript 以保存和上传：本表单会自动保存，并将文件直接上传到存储。",
        ConsentHeading = "您的个人信息",
        ConsentHint = "您同意隐私声明后，我们才会保存您的申请。隐私声明说明我们收集哪些信息、谁能看到、保存多久以及哪些信息会传输到境外。",
        ConsentBefore = "我已阅读并同意",
        PrivacyNoticeLink = "隐私声明",
        ConsentNeeded = "尚未保存：请勾选同意隐私声明，之后草稿即会保存。",
        PrivacyTitle = "隐私声明",
    };

    public required string Language { get; init; }
    public required string OtherLanguageName { get; init; }
    public required string Yes { get; init; }
    public required string ProgramLabel { get; init; }
    public required string ProjectHeading { get; init; }
    public required string TitleLabel { get; init; }
    public required string LoglineLabel { get; init; }
    public required string SynopsisLabel { get; init; }
    public required string FormatLabel { get; init; }
    public required string LanguageLabel { get; init; }
    public required string TrackLabel { get; init; }
    public required string ApplicantHeading { get; init; }
    public required string SchoolLabel { get; init; }
    public required string GraduationYearLabel { get; init; }
    public required string RolesLabel { get; init; }
    public required string AwardsLabel { get; init; }
    public required string None { get; init; }
    public required string MaterialsHeading { get; init; }
    public required string NoMaterials { get; init; }
    public required string MaterialLinksNote { get; init; }
    public required string VideoFallback { get; init; }
    public required string OpenPdf { get; init; }
    public required string DownloadVideo { get; init; }
    public required string ReviewTitle { get; init; }
    public required string ScoresHeading { get; init; }
    public required string ScaleHint { get; init; }
    public required string RecommendationLegend { get; init; }
    public required string Advance { get; init; }
    public required string Decline { get; init; }
    public required string CommentLabel { get; init; }
    public required string SubmitReview { get; init; }
    public required string ConflictHeading { get; init; }
    public required string ConflictExplain { get; init; }
    public required string BlindConflictExplain { get; init; }
    public required string BlindReviewHeading { get; init; }
    public required string BlindReviewExplain { get; init; }
    public required string ConflictCheckbox { get; init; }
    public required string ConflictReasonLabel { get; init; }
    public required string DeclareConflict { get; init; }
    public required string ErrorSummary { get; init; }
    public required string RecommendationMissing { get; init; }
    public required string CommentMissing { get; init; }
    public required string ConflictNotConfirmed { get; init; }
    public required string ThankYouTitle { get; init; }
    public required string ReviewRecorded { get; init; }
    public required string ConflictRecorded { get; init; }
    public required string AlreadyRecordedTitle { get; init; }
    public required string AlreadyRecorded { get; init; }
    public required string NoLongerYoursTitle { get; init; }
    public required string NoLongerYours { get; init; }
    public required string ClosedTitle { get; init; }
    public required string ReviewClosed { get; init; }
    public required string OfferTitle { get; init; }
    public required string NoteLabel { get; init; }
    public required string AcceptOffer { get; init; }
    public required string DeclineOffer { get; init; }
    public required string DeclineWarning { get; init; }
    public required string ResponseMissing { get; init; }
    public required string WelcomeTitle { get; init; }
    public required string OfferAcceptedText { get; init; }
    public required string OfferDeclinedTitle { get; init; }
    public required string OfferDeclinedText { get; init; }
    public required string OfferExpiredTitle { get; init; }
    public required string OfferExpiredText { get; init; }
    public required string OfferAlreadyAccepted { get; init; }
    public required string OfferAlreadyDeclined { get; init; }
    public required string OfferClosed { get; init; }
    public required string StatusTitle { get; init; }
    public required string StageLabel { get; init; }
    public required string DeadlineLabel { get; init; }
    public required string SubmittedLabel { get; init; }
    public required string TimelineHeading { get; init; }
    public required string MissingMaterialsHeading { get; init; }
    public required string ScreeningHeading { get; init; }
    public required string ViewOffer { get; init; }
    public required string MaterialVerified { get; init; }
    public required string MaterialPending { get; init; }
    public required string OfferExpiresLabel { get; init; }
    public required string OriginalLabel { get; init; }
    public required string MachineTranslationLabel { get; init; }
    public required string MachineTranslationNote { get; init; }
    public required string MachineTranslationUnavailable { get; init; }
    public required string PortalTitle { get; init; }
    public required string PortalIntro { get; init; }
    public required string NoOpenPrograms { get; init; }
    public required string OpenUntilLabel { get; init; }
    public required string TracksLabel { get; init; }
    public required string RequiredMaterialsLabel { get; init; }
    public required string OptionalMaterialsLabel { get; init; }
    public required string ApplyLink { get; init; }
    public required string ApplyTitle { get; init; }
    public required string ProgramNotOpenTitle { get; init; }
    public required string ProgramNotOpen { get; init; }
    public required string NameLabel { get; init; }
    public required string EmailLabel { get; init; }
    public required string EmailHint { get; init; }
    public required string PreferredLanguageLabel { get; init; }
    public required string TimeZoneLabel { get; init; }
    public required string AffiliationsLabel { get; init; }
    public required string OnePerLine { get; init; }
    public required string ChooseOne { get; init; }
    public required string RequiredMark { get; init; }
    public required string OptionalMark { get; init; }
    public required string MaxSizeLabel { get; init; }
    public required string SaveDraft { get; init; }
    public required string NotSavedYet { get; init; }
    public required string Saving { get; init; }
    public required string Saved { get; init; }
    public required string SaveFailed { get; init; }
    /// <summary>Before the reason the API gave for not saving (a closed program, a passed deadline), when no field is at fault.</summary>
    public required string SaveRefused { get; init; }
    public required string FieldRequired { get; init; }
    public required string FieldInvalid { get; init; }
    public required string UploadButton { get; init; }
    public required string CancelUpload { get; init; }
    public required string Uploading { get; init; }
    public required string UploadCancelled { get; init; }
    public required string UploadFailed { get; init; }
    public required string UploadVerifying { get; init; }
    public required string UploadVerified { get; init; }
    public required string UploadRejected { get; init; }
    public required string UploadResume { get; init; }
    public required string SaveFirst { get; init; }
    public required string SubmitApplication { get; init; }
    public required string SubmitMissing { get; init; }
    public required string SubmittedTitle { get; init; }
    public required string SubmittedText { get; init; }
    public required string ViewStatus { get; init; }
    public required string WithdrawApplication { get; init; }
    public required string WithdrawConfirm { get; init; }
    public required string WithdrawnText { get; init; }
    public required string NotADraftText { get; init; }
    public required string ContinueApplication { get; init; }
    public required string DeadlineLocalNote { get; init; }
    public required string BlindNoteHeading { get; init; }
    public required string ScriptOff { get; init; }
    public required string ConsentHeading { get; init; }
    public required string ConsentHint { get; init; }
    public required string ConsentBefore { get; init; }
    public required string PrivacyNoticeLink { get; init; }
    public required string ConsentNeeded { get; init; }
    public required string PrivacyTitle { get; init; }

    /// <summary>What follows the link in the consent label: the version accepted.</summary>
    public string ConsentAfter(string version) => IsChinese ? $"（版本 {version}）" : $" (version {version})";

    public bool IsChinese => Language == Chinese;

    /// <summary>": " in English, the full-width "：" in Chinese.</summary>
    public string Colon => IsChinese ? "：" : ": ";

    /// <summary>The texts for a person's language: Chinese for "zh" (and zh-CN, zh-Hans …), English otherwise.</summary>
    public static PageText For(string? language) =>
        language is not null && (language == Chinese || language.StartsWith("zh-", StringComparison.OrdinalIgnoreCase)) ? Zh : En;

    public string DueBy(string due) => IsChinese ? $"请在 {due} 之前完成评审。" : $"Please review by {due}.";

    public string ScoreMissing(string criterion) => IsChinese ? $"请为“{criterion}”选择 1 到 5 分。" : $"Choose a score from 1 to 5 for {criterion}.";

    public string TooLong(string field, int max) => IsChinese ? $"{field}不能超过 {max} 个字符。" : $"{field} must be at most {max} characters.";

    public string OfferIntro(string program, string project) =>
        IsChinese ? $"恭喜！{program}向您的项目《{project}》发出录取。" : $"Congratulations! {program} offers a place to your project “{project}”.";

    public string AnswerBy(string expires) => IsChinese ? $"请在 {expires} 之前回复。" : $"Please answer by {expires}.";

    public string StageName(Stage stage) => (stage, IsChinese) switch
    {
        (Stage.Draft, false) => "Draft (not submitted yet)",
        (Stage.Draft, true) => "草稿（尚未提交）",
        (Stage.Submitted, false) => "Submitted",
        (Stage.Submitted, true) => "已提交",
        (Stage.Screening, false) => "Being screened",
        (Stage.Screening, true) => "资格审核中",
        (Stage.ScreenedOut, false) => "Not eligible",
        (Stage.ScreenedOut, true) => "未通过资格审核",
        (Stage.InReview, false) => "In mentor review",
        (Stage.InReview, true) => "导师评审中",
        (Stage.Reviewed, false) => "Reviewed; awaiting the decision",
        (Stage.Reviewed, true) => "评审完成，等待决定",
        (Stage.Offered, false) => "Offered a place",
        (Stage.Offered, true) => "已发出录取",
        (Stage.Accepted, false) => "Accepted",
        (Stage.Accepted, true) => "已接受录取",
        (Stage.OfferDeclined, false) => "Offer declined",
        (Stage.OfferDeclined, true) => "已谢绝录取",
        (Stage.OfferExpired, false) => "Offer expired",
        (Stage.OfferExpired, true) => "录取已过期",
        (Stage.Rejected, false) => "Not selected",
        (Stage.Rejected, true) => "未获录取",
        (Stage.Waitlisted, false) => "Waitlisted",
        (Stage.Waitlisted, true) => "候补",
        (Stage.Withdrawn, false) => "Withdrawn",
        (Stage.Withdrawn, true) => "已撤回",
        (Stage.Incomplete, false) => "Incomplete (deadline passed)",
        (Stage.Incomplete, true) => "未完成（已过截止时间）",
        _ => stage.ToString(),
    };

    public string Format(ProjectFormat format) => (format, IsChinese) switch
    {
        (ProjectFormat.Feature, false) => "Feature",
        (ProjectFormat.Feature, true) => "长片",
        (ProjectFormat.Short, false) => "Short",
        (ProjectFormat.Short, true) => "短片",
        (ProjectFormat.Series, false) => "Series",
        (ProjectFormat.Series, true) => "剧集",
        (ProjectFormat.ShortDrama, false) => "Short drama",
        (ProjectFormat.ShortDrama, true) => "微短剧",
        _ => format.ToString(),
    };

    public string Material(MaterialKind kind) => (kind, IsChinese) switch
    {
        (MaterialKind.Reel, false) => "Reel",
        (MaterialKind.Reel, true) => "作品集视频",
        (MaterialKind.Script, false) => "Script",
        (MaterialKind.Script, true) => "剧本",
        (MaterialKind.Cv, false) => "CV",
        (MaterialKind.Cv, true) => "简历",
        (MaterialKind.Lookbook, false) => "Lookbook",
        (MaterialKind.Lookbook, true) => "视觉手册",
        _ => kind.ToString(),
    };

    /// <summary>A project language code as a name; unknown codes are shown as they are.</summary>
    public string ProjectLanguage(string code) => (code.ToLowerInvariant(), IsChinese) switch
    {
        ("zh", false) => "Chinese",
        ("zh", true) => "中文",
        ("zh-hans", false) => "Chinese (Simplified)",
        ("zh-hans", true) => "简体中文",
        ("zh-hant", false) => "Chinese (Traditional)",
        ("zh-hant", true) => "繁体中文",
        ("en", false) => "English",
        ("en", true) => "英语",
        _ => code,
    };

    /// <summary>An applicant-visible timeline entry (types from <c>ApplicationViews.PublicTimeline</c>).</summary>
    public string Timeline(string type, string fallback) => (type, IsChinese) switch
    {
        ("draft-created", true) => "已开始申请。",
        ("material-attached", true) => "材料已上传并通过校验。",
        ("submitted", true) => "申请已提交。",
        ("screened-in", true) => "已通过资格审核，进入导师评审。",
        ("screened-out", true) => "申请未通过资格审核。",
        ("screening-overridden", true) => "项目组已复核资格审核结果。",
        ("reviewed", true) => "导师评审已完成，等待决定。",
        ("offer-made", true) => "已发出录取。",
        ("offer-accepted", true) => "已接受录取，欢迎加入！",
        ("offer-declined", true) => "已谢绝录取。",
        ("offer-expired", true) => "录取已过期。",
        ("rejected", true) => "很遗憾，本期未能录取。",
        ("waitlisted", true) => "申请已进入候补名单。",
        ("withdrawn", true) => "申请已撤回。",
        ("incomplete", true) => "截止时间已过，申请未提交。",
        ("material-attached", false) => "Material uploaded and verified.",
        _ => fallback,
    };

    /// <summary>"2027-03-31 23:59 (Asia/Shanghai)": unambiguous in both languages, as in the emails.</summary>
    public static string Time(DateTimeOffset at, string? timeZone)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone ?? "", out var found) ? found : TimeZoneInfo.Utc;
        return TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + $" ({zone.Id})";
    }
}
