namespace TalentFunctions.Notifications;

/// <summary>
/// One email ready to send. <paramref name="EffectId"/> is the outbox effect that produced it: senders pass it on
/// (SendGrid <c>custom_args</c>, the dev mailbox) so a delivery can be traced and de-duplicated.
/// </summary>
public sealed record EmailMessage(
    string EffectId,
    string ApplicationId,
    string To,
    string? ToName,
    string Subject,
    string Text,
    string Html,
    string Kind)
{
    /// <summary>Builds a message from a <see cref="RenderedEmail"/>.</summary>
    public static EmailMessage Create(string effectId, string applicationId, string to, string? toName, string kind, RenderedEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return new EmailMessage(effectId, applicationId, to, toName, email.Subject, email.Text, email.Html, kind);
    }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(EffectId, nameof(EffectId));
        ArgumentNullException.ThrowIfNull(ApplicationId, nameof(ApplicationId));
        ArgumentException.ThrowIfNullOrWhiteSpace(To, nameof(To));
        ArgumentException.ThrowIfNullOrWhiteSpace(Subject, nameof(Subject));
        ArgumentNullException.ThrowIfNull(Text, nameof(Text));
        ArgumentNullException.ThrowIfNull(Html, nameof(Html));
        ArgumentException.ThrowIfNullOrWhiteSpace(Kind, nameof(Kind));
    }
}
