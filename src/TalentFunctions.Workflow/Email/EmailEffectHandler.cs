using System.Text.Json;
using Microsoft.Extensions.Logging;
using TalentFunctions.Domain;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Notifications;
using TalentFunctions.Workflow.Outbox;

namespace TalentFunctions.Workflow.Email;

/// <summary>
/// Sends an email effect. A transient failure throws (the outbox row stays; the sweeper retries);
/// a permanent refusal by the provider is reported as needing attention, so staff see why, and the
/// effect counts as done (sending it again would be refused again).
/// </summary>
public sealed partial class EmailEffectHandler(EmailComposer composer, IEmailSender sender, ILogger<EmailEffectHandler> logger) : IEffectHandler
{
    public string Type => OutboxTypes.Email;

    public async Task<EffectOutcome> ExecuteAsync(string applicationId, OutboxItem item, CancellationToken cancellationToken)
    {
        var email = JsonSerializer.Deserialize<SendEmail>(item.Json, DomainJson.Options)
            ?? throw new InvalidDataException($"Outbox item {item.EffectId} holds no email.");
        var message = composer.Compose(item.EffectId, email);
        try
        {
            await sender.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return EffectOutcome.Done;
        }
        catch (EmailPermanentFailureException ex)
        {
            LogPermanentFailure(applicationId, item.EffectId, email.Kind.ToString());
            var reason = $"Email '{email.Kind}' to the {email.To.Kind.ToString().ToLowerInvariant()} could not be sent: {ex.Message}";
            return new EffectOutcome(reason) { NotifyStaff = email.To.Kind != RecipientKind.Staff };
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Email {Kind} of {ApplicationId} (effect {EffectId}) was refused by the provider.")]
    private partial void LogPermanentFailure(string applicationId, string effectId, string kind);
}
