using System.Globalization;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Notifications;
using TalentFunctions.Notifications.Links;

namespace TalentFunctions.Orchestration.Email;

/// <summary>Where links in emails point.</summary>
public sealed class EmailLinkOptions
{
    /// <summary>The public base URL of the app, e.g. https://talent.example.com (no trailing slash needed).</summary>
    public Uri PublicBaseUrl { get; set; } = new("http://localhost:7071");

    /// <summary>How long the status link in applicant emails works.</summary>
    public TimeSpan StatusLinkLifetime { get; set; } = TimeSpan.FromDays(365);
}

/// <summary>
/// Turns a domain <see cref="SendEmail"/> effect into a rendered <see cref="EmailMessage"/>: template values
/// in the recipient's language, dates in the recipient's time zone, and signed links (review, offer,
/// status) that expire when what they lead to does.
/// </summary>
public sealed class EmailComposer(EmailRenderer renderer, LinkTokenService tokens, EmailLinkOptions links, OrchestrationOptions options, TimeProvider time)
{
    public EmailMessage Compose(string effectId, SendEmail email)
    {
        var language = email.To.Language;
        var data = email.Data;
        var model = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in data)
        {
            model[key] = value;
        }
        model[EmailModelKeys.RecipientName] = email.To.Name;
        model[EmailModelKeys.ApplicationId] = email.ApplicationId;

        var zone = data.GetValueOrDefault(EmailData.TimeZone);
        foreach (var key in new[] { EmailData.Deadline, EmailData.DueAt, EmailData.ExpiresAt })
        {
            if (data.TryGetValue(key, out var raw) && TryParseTime(raw, out var t))
            {
                model[key] = Display(t, zone);
            }
        }

        model[EmailModelKeys.StatusUrl] = StatusUrl(email.ApplicationId);
        model[EmailModelKeys.ResumeUrl] = model[EmailModelKeys.StatusUrl];
        model[EmailModelKeys.StaffUrl] = Absolute($"api/staff/applications/{Uri.EscapeDataString(email.ApplicationId)}");

        if (data.TryGetValue(EmailData.AssignmentId, out var assignmentId) && data.TryGetValue(EmailData.DueAt, out var dueRaw) && TryParseTime(dueRaw, out var due))
        {
            var token = tokens.Create(LinkPurpose.Review, email.ApplicationId, assignmentId, due + options.ReviewLinkGrace);
            model[EmailModelKeys.ReviewUrl] = Absolute("review/" + token);
        }
        if (data.TryGetValue(EmailData.OfferId, out var offerId) && data.TryGetValue(EmailData.ExpiresAt, out var expiresRaw) && TryParseTime(expiresRaw, out var expires))
        {
            var token = tokens.Create(LinkPurpose.Offer, email.ApplicationId, offerId, expires);
            model[EmailModelKeys.OfferUrl] = Absolute("offer/" + token);
        }
        if (data.TryGetValue(EmailData.Reasons, out var reasons))
        {
            model[EmailModelKeys.Reasons] = LocalizedText.ScreeningReasons(reasons, language);
        }
        if (data.TryGetValue(EmailData.WeightedScore, out var score))
        {
            model[EmailModelKeys.Score] = score;
        }
        if (data.TryGetValue(EmailData.AttentionReason, out var reason))
        {
            model[EmailModelKeys.Reason] = reason;
        }
        model.TryAdd(EmailModelKeys.Note, "");

        var rendered = renderer.Render(email.Kind.ToString(), language, model);
        return new EmailMessage(effectId, email.ApplicationId, email.To.Address, email.To.Name, rendered.Subject, rendered.Text, rendered.Html, email.Kind.ToString());
    }

    private string StatusUrl(string applicationId)
    {
        var token = tokens.Create(LinkPurpose.Resume, applicationId, applicationId, time.GetUtcNow() + links.StatusLinkLifetime);
        return Absolute($"applications/{Uri.EscapeDataString(applicationId)}?token={token}");
    }

    private string Absolute(string relative)
    {
        var root = links.PublicBaseUrl.ToString().TrimEnd('/');
        return root + "/" + relative;
    }

    private static bool TryParseTime(string raw, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out value);

    /// <summary>"2027-03-31 23:59 (Asia/Shanghai)": unambiguous in both languages.</summary>
    private static string Display(DateTimeOffset t, string? zoneId)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(zoneId ?? "", out var z) ? z : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(t, zone);
        return local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + $" ({zone.Id})";
    }
}
