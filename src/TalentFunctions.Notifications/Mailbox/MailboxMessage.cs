namespace TalentFunctions.Notifications.Mailbox;

/// <summary>
/// A message in the dev mailbox, as <c>GET /api/dev/mailbox</c> returns it. <see cref="Links"/> holds every absolute
/// http(s) URL found in the text and HTML parts, distinct, in order of appearance.
/// </summary>
public sealed record MailboxMessage(
    string Id,
    string To,
    string Subject,
    string Text,
    string Html,
    IReadOnlyList<string> Links,
    DateTimeOffset SentAt,
    string EffectId,
    string ApplicationId,
    string Kind);
