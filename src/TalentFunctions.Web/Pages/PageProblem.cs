using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Endpoints;
using TalentFunctions.Notifications.Links;

namespace TalentFunctions.Web.Pages;

/// <summary>
/// Why a page cannot be shown, in both languages (whoever opens a broken link, we cannot know their language).
/// The same problem answers the JSON endpoints as a ProblemDetails with <c>type</c> <c>/problems/{code}</c>.
/// </summary>
public sealed record PageProblem(int Status, string Code, LocalizedText Title, LocalizedText Message)
{
    public static PageProblem LinkMalformed { get; } = new(StatusCodes.Status400BadRequest, "link-invalid",
        new("This link is not valid", "链接无效"),
        new("The link is incomplete or damaged. Open it again from your email, making sure the whole address is used.",
            "链接不完整或已损坏。请从邮件中重新打开，并确保使用完整的链接地址。"));

    public static PageProblem LinkTampered { get; } = new(StatusCodes.Status403Forbidden, "link-tampered",
        new("This link has been altered", "链接已被篡改"),
        new("The link does not carry a valid signature, so it was changed after we sent it. Use the link exactly as it arrived in your email.",
            "该链接的签名无效，说明它在发出后被修改过。请使用邮件中原样的链接。"));

    public static PageProblem LinkWrongPurpose { get; } = new(StatusCodes.Status403Forbidden, "link-wrong-page",
        new("This link is for another page", "此链接不适用于本页面"),
        new("The link is genuine but was made for a different page. Use the link from the email about this step.",
            "该链接真实有效，但属于另一个页面。请使用与此步骤相关的邮件中的链接。"));

    public static PageProblem LinkExpired { get; } = new(StatusCodes.Status410Gone, "link-expired",
        new("This link has expired", "链接已过期"),
        new("The link is no longer valid because the time it was made for has passed. Contact the program staff if you still need to act.",
            "该链接已超过有效期。如仍需处理，请联系项目组。"));

    public static PageProblem LinkMismatch { get; } = new(StatusCodes.Status403Forbidden, "link-mismatch",
        new("This link does not belong to this page", "此链接与本页面不匹配"),
        new("The address was changed: the link was made for another application.", "链接地址已被修改：该链接属于另一份申请。"));

    public static PageProblem NotFound { get; } = new(StatusCodes.Status404NotFound, "not-found",
        new("Not found", "未找到"),
        new("What this link leads to no longer exists.", "该链接指向的内容已不存在。"));

    public static PageProblem CrossSite { get; } = new(StatusCodes.Status403Forbidden, "cross-site-request",
        new("Refused: sent from another site", "已拒绝：请求来自其他网站"),
        new("This form may only be sent from its own page. Open the link from your email and send it from there.",
            "该表单只能从其自身页面提交。请从邮件中打开链接后再提交。"));

    public static PageProblem UnsupportedForm { get; } = new(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type",
        new("Unsupported form", "表单格式不支持"),
        new("Send the form from the page (application/x-www-form-urlencoded).", "请在页面中提交表单（application/x-www-form-urlencoded）。"));

    /// <summary>
    /// What a refused command means, by the problem code its API answer carries (<c>/problems/{code}</c>): every code of
    /// <see cref="RefusalCodes"/> (the domain's refusals), the ones the staff actions add themselves, and the portal's
    /// own (a rejected upload, a client over the rate limit). The API keeps answering in English; pages in Chinese show
    /// these texts (the console's alerts and release results, the portal's save, upload and submit messages).
    /// </summary>
    public static IReadOnlyDictionary<string, PageProblem> Refusals { get; } = new PageProblem[]
    {
        new(StatusCodes.Status404NotFound, "not-found",
            new("Not found", "未找到"),
            new("There is no application with this id, or it has been erased.", "没有此编号的申请，或该申请已被删除。")),
        new(StatusCodes.Status422UnprocessableEntity, Problems.ValidationFailed,
            new("Some fields are not valid", "部分字段无效"),
            new("Check the fields named below and send the form again.", "请检查下面列出的字段后重新提交。")),
        new(StatusCodes.Status409Conflict, StaffActions.CohortFull,
            new("The cohort is full", "录取名额已满"),
            new("Every place of the cohort is offered or accepted. Waitlist the application, or offer it anyway with \"Offer even if the cohort is full\".",
                "本期所有名额均已发出录取或已被接受。可将该申请列入候补，或勾选“名额已满时仍然录取”后再录取。")),
        new(StatusCodes.Status422UnprocessableEntity, ApplicantApi.MaterialRejected,
            new("The file was not accepted", "文件未被接受"),
            new("The file was checked after it was uploaded and did not pass, so it has been deleted. Check the file and upload it again.",
                "文件上传后未通过检查，已被删除。请检查文件后重新上传。")),
        new(StatusCodes.Status429TooManyRequests, RateLimits.Rejected,
            new("Too many requests", "请求过于频繁"),
            new("Too many requests came from your address in the last minute. Wait a moment and try again.",
                "您的网络地址在一分钟内发出的请求过多。请稍候再试。")),
        new(StatusCodes.Status404NotFound, RefusalCodes.ApplicationNotFound,
            new("No such application", "申请不存在"),
            new("The application does not exist.", "该申请不存在。")),
        new(StatusCodes.Status409Conflict, RefusalCodes.ApplicationExists,
            new("The application already exists", "申请已存在"),
            new("An application with this id was created before.", "此前已创建过相同编号的申请。")),
        new(StatusCodes.Status404NotFound, RefusalCodes.ProgramNotFound,
            new("No such program", "项目不存在"),
            new("The application names a program that is not configured.", "该申请所属的项目未配置。")),
        new(StatusCodes.Status409Conflict, RefusalCodes.ProgramNotOpen,
            new("The program is not open", "项目尚未开放"),
            new("The program does not take applications yet.", "该项目目前还不接受申请。")),
        new(StatusCodes.Status409Conflict, RefusalCodes.DeadlinePassed,
            new("The deadline has passed", "已过截止时间"),
            new("The submission deadline of this round has passed.", "本期申请的截止时间已过。")),
        new(StatusCodes.Status422UnprocessableEntity, RefusalCodes.InvalidInput,
            new("Some values are not valid", "部分内容无效"),
            new("Check the values sent; the details below say which.", "请检查提交的内容，下面的详情列出了有问题的项。")),
        new(StatusCodes.Status409Conflict, RefusalCodes.NotADraft,
            new("Not a draft any more", "申请已不是草稿"),
            new("Only a draft can be changed; this application has moved on.", "只有草稿可以修改，该申请已进入后续阶段。")),
        new(StatusCodes.Status404NotFound, RefusalCodes.MaterialNotFound,
            new("No such material", "材料不存在"),
            new("The application has no material with this id.", "该申请没有此编号的材料。")),
        new(StatusCodes.Status409Conflict, RefusalCodes.MaterialExists,
            new("The material already exists", "材料已存在"),
            new("A material with this id was announced with other details.", "已有相同编号但信息不同的材料。")),
        new(StatusCodes.Status422UnprocessableEntity, RefusalCodes.MaterialKindNotAccepted,
            new("This kind of material is not accepted", "不接受此类材料"),
            new("The program does not take this kind of material.", "该项目不接受此类材料。")),
        new(StatusCodes.Status409Conflict, RefusalCodes.TooManyMaterials,
            new("Too many materials", "材料数量过多"),
            new("The application already holds as many materials as it may.", "该申请的材料数量已达上限。")),
        new(StatusCodes.Status422UnprocessableEntity, RefusalCodes.MaterialTooLarge,
            new("The file is too large", "文件过大"),
            new("The file is larger than the program allows for this kind of material.", "文件超过了该项目对此类材料的大小限制。")),
        new(StatusCodes.Status422UnprocessableEntity, RefusalCodes.ContentTypeNotAccepted,
            new("This file type is not accepted", "不接受此文件类型"),
            new("The file's type is not one the program takes for this kind of material.", "该项目不接受此类材料使用这种文件类型。")),
        new(StatusCodes.Status422UnprocessableEntity, RefusalCodes.MissingMaterials,
            new("Materials are missing", "缺少材料"),
            new("Required materials are not uploaded and verified yet.", "必需的材料尚未上传并通过校验。")),
        new(StatusCodes.Status422UnprocessableEntity, RefusalCodes.ApplicationIncomplete,
            new("The application is incomplete", "申请尚未填写完整"),
            new("Fields the application needs before it is submitted are empty.", "提交前必须填写的字段仍为空。")),
        new(StatusCodes.Status409Conflict, RefusalCodes.NotSubmitted,
            new("Not submitted", "申请尚未提交"),
            new("The application has not been submitted, so it has not been screened.", "该申请尚未提交，因此还没有进行资格审核。")),
        new(StatusCodes.Status409Conflict, RefusalCodes.ScreeningNotComplete,
            new("The screening cannot be overridden now", "目前无法复核资格审核结果"),
            new("Only a screened-out application can be screened in, and only an application in review can be screened out.",
                "只有未通过资格审核的申请可以改为通过，只有导师评审中的申请可以改为不通过。")),
        new(StatusCodes.Status409Conflict, RefusalCodes.ReviewsStarted,
            new("Reviews have started", "评审已经开始"),
            new("A mentor has already submitted a review: decide the application instead of overriding its screening.",
                "已有导师提交了评审，请直接对该申请作出决定，而不是复核资格审核结果。")),
        new(StatusCodes.Status409Conflict, RefusalCodes.NotInReview,
            new("Not in review", "申请不在评审阶段"),
            new("Mentors review an application once it has passed screening; this application is not in review.",
                "申请通过资格审核后才由导师评审；该申请目前不在评审阶段。")),
        new(StatusCodes.Status404NotFound, RefusalCodes.AssignmentNotFound,
            new("No such review assignment", "评审任务不存在"),
            new("The application has no review assignment with this id for this mentor.", "该申请没有分配给这位导师的此项评审任务。")),
        new(StatusCodes.Status409Conflict, RefusalCodes.AlreadyRecorded,
            new("Already recorded", "已记录"),
            new("This review has already been recorded.", "该评审已经记录在案。")),
        new(StatusCodes.Status409Conflict, RefusalCodes.NoLongerYours,
            new("No longer assigned", "评审任务已不属于该导师"),
            new("The review was reassigned, declared a conflict, or is no longer needed.", "该评审已被重新分配、已申报利益冲突，或已不再需要。")),
        new(StatusCodes.Status409Conflict, RefusalCodes.NotReviewed,
            new("Not ready for a decision", "尚不能作出决定"),
            new("Only a reviewed or waitlisted application can be decided.", "只有评审已完成或在候补名单中的申请才能作出决定。")),
        new(StatusCodes.Status409Conflict, RefusalCodes.NotWaitlisted,
            new("Not waitlisted", "申请不在候补名单中"),
            new("Only a waitlisted application can be suggested from the waitlist.", "只有候补名单中的申请才能被推荐递补。")),
        new(StatusCodes.Status409Conflict, RefusalCodes.NoPendingDecision,
            new("No decision to release", "没有待公布的决定"),
            new("No decision is waiting for the announcement date on this application.", "该申请没有等待在公布日发出的决定。")),
        new(StatusCodes.Status409Conflict, RefusalCodes.NoOpenOffer,
            new("No open offer", "没有待回复的录取"),
            new("The application has no offer waiting for an answer.", "该申请没有等待回复的录取。")),
        new(StatusCodes.Status404NotFound, RefusalCodes.OfferNotFound,
            new("No such offer", "录取不存在"),
            new("The application has no offer with this id.", "该申请没有此编号的录取。")),
        new(StatusCodes.Status409Conflict, RefusalCodes.OfferExpired,
            new("The offer has expired", "录取已过期"),
            new("The offer can no longer be answered.", "该录取已超过回复期限，无法再回复。")),
        new(StatusCodes.Status409Conflict, RefusalCodes.ApplicationClosed,
            new("The application is closed", "申请已结束"),
            new("The application has already reached its end (decided, withdrawn or incomplete).", "该申请已经结束（已有结果、已撤回或未完成）。")),
    }.ToDictionary(p => p.Code, StringComparer.Ordinal);

    /// <summary>The texts of a refusal's problem code (see <see cref="Refusals"/>); null for a code without them.</summary>
    public static PageProblem? ForRefusal(string? code) => code is not null && Refusals.TryGetValue(code, out var problem) ? problem : null;

    /// <summary>The problem for a token that did not validate; null when it is valid.</summary>
    public static PageProblem? ForToken(LinkTokenValidation validation) => validation switch
    {
        LinkTokenValidation.Valid => null,
        LinkTokenValidation.Expired => LinkExpired,
        LinkTokenValidation.BadSignature => LinkTampered,
        LinkTokenValidation.WrongPurpose => LinkWrongPurpose,
        _ => LinkMalformed,
    };

    public IResult ToPage() => Pages.Bilingual(Status, Title, Message);

    public IResult ToProblem() => Problems.Create(Status, Code, Title.En, Message.En);
}

/// <summary>A signed link checked for one page: the valid token, or the problem to answer with.</summary>
public readonly record struct CheckedLink(LinkTokenValidation.Valid? Token, PageProblem? Problem)
{
    public static CheckedLink Check(LinkTokenService tokens, string? token, LinkPurpose purpose)
    {
        var validation = tokens.Validate(token, purpose);
        return validation is LinkTokenValidation.Valid valid ? new(valid, null) : new(null, PageProblem.ForToken(validation));
    }
}
