namespace TalentFunctions.Notifications;

/// <summary>A rendered email: a single-line subject, a plain-text part and an HTML part.</summary>
public sealed record RenderedEmail(string Subject, string Text, string Html);
