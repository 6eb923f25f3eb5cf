namespace TalentFunctions.Notifications;

/// <summary>Delivers an <see cref="EmailMessage"/>.</summary>
public interface IEmailSender
{
    /// <summary>Sends <paramref name="message"/>; returns once the provider has accepted it.</summary>
    /// <exception cref="EmailPermanentFailureException">
    /// The provider refused the message and retrying will not help (the application needs attention).
    /// </exception>
    /// <exception cref="EmailTransientFailureException">The provider could not be reached or kept failing; try later.</exception>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}
