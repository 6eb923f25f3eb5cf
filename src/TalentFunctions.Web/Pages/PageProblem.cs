using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Api;
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
