using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Mentors;
using TalentFunctions.Workflow.Store;
using Azure;
using Azure.Data.Tables;

namespace TalentFunctions.Workflow.Work;

/// <summary>
/// Handles messages of the <c>work-items</c> queue: screening and mentor assignment. Each does its
/// reads, then ends in one command whose id is the work id, so redelivery is harmless. Throwing
/// leaves the message for redelivery; after five deliveries it goes to the poison queue and
/// <see cref="HandlePoisonAsync"/> flags the application.
/// </summary>
public sealed partial class WorkItemProcessor(
    ApplicationRuntime runtime,
    ApplicationStore store,
    MentorLoadStore mentorLoad,
    OrchestrationStorage storage,
    ILogger<WorkItemProcessor> logger)
{
    public async Task HandleAsync(string body, CancellationToken cancellationToken = default)
    {
        var message = WorkItemMessage.TryParse(body)
            ?? throw new InvalidDataException("The work item is not valid JSON of the expected shape.");
        var loaded = await store.GetAsync(message.ApplicationId, cancellationToken).ConfigureAwait(false);
        if (loaded is null)
        {
            LogMissing(message.ApplicationId, message.Kind);
            return;
        }

        ApplicationCommand command = message.Kind switch
        {
            nameof(WorkKind.Screening) => await ScreeningCommandAsync(loaded.State, message, cancellationToken).ConfigureAwait(false),
            nameof(WorkKind.AssignMentors) => await AssignmentCommandAsync(loaded.State, message, cancellationToken).ConfigureAwait(false),
            _ => throw new InvalidDataException($"Unknown work kind '{message.Kind}'."),
        };
        var result = await runtime.ExecuteAsync(message.ApplicationId, command, cancellationToken).ConfigureAwait(false);
        if (result is CommandRefused refused)
        {
            // The application moved on (withdrawn, say): the work no longer applies.
            LogRefused(message.ApplicationId, message.Kind, refused.Refusal.Code);
        }
    }

    /// <summary>
    /// Staff ask to fill open review slots now (after adding mentors or freeing their capacity):
    /// the same step as the assign-mentors work item, under the caller's command id.
    /// </summary>
    public async Task<CommandResult> AssignMentorsNowAsync(string applicationId, string commandId, CancellationToken cancellationToken = default)
    {
        var loaded = await store.GetAsync(applicationId, cancellationToken).ConfigureAwait(false);
        if (loaded is null)
        {
            return new ApplicationNotFound(applicationId);
        }
        var command = await AssignmentCommandAsync(loaded.State, new WorkItemMessage(applicationId, nameof(WorkKind.AssignMentors), commandId), cancellationToken)
            .ConfigureAwait(false);
        return await runtime.ExecuteAsync(applicationId, command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A work item that failed five times: the application gets NeedsAttention.</summary>
    public async Task HandlePoisonAsync(string body, string messageId, CancellationToken cancellationToken = default)
    {
        var message = WorkItemMessage.TryParse(body);
        if (message is null)
        {
            LogUnreadablePoison(messageId);
            return;
        }
        var reason = $"Automated step '{message.Kind}' failed five times and was set aside.";
        await runtime.ExecuteAsync(message.ApplicationId, new FlagNeedsAttention("poison:" + message.WorkId, "system", reason), cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<ApplicationCommand> ScreeningCommandAsync(ApplicationState state, WorkItemMessage message, CancellationToken cancellationToken)
    {
        var duplicateOf = await ClaimApplicantAsync(state, cancellationToken).ConfigureAwait(false);
        return new CompleteScreening(message.WorkId, "system", duplicateOf is not null, duplicateOf);
    }

    private async Task<ApplicationCommand> AssignmentCommandAsync(ApplicationState state, WorkItemMessage message, CancellationToken cancellationToken)
    {
        var open = await mentorLoad.ListOpenAsync(state.ProgramId, cancellationToken).ConfigureAwait(false);
        var loads = open
            .Where(o => o.ApplicationId != state.Id)
            .GroupBy(o => o.MentorId)
            .Select(g => new MentorLoad(g.Key, g.Count()))
            .ToList();
        return new AssignMentors(message.WorkId, "system", loads);
    }

    /// <summary>
    /// One application per applicant email per program and cycle: the first application screened
    /// claims the email (insert, never check-then-insert); returns the id of an earlier claimant.
    /// </summary>
    private async Task<string?> ClaimApplicantAsync(ApplicationState state, CancellationToken cancellationToken)
    {
        var partition = RowKeys.Safe($"{state.ProgramId}:{state.Cycle}");
        var row = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state.Applicant.Email.Trim().ToLowerInvariant())));
        try
        {
            await storage.Applicants.AddEntityAsync(new TableEntity(partition, row) { ["ApplicationId"] = state.Id }, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = await storage.Applicants.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
            var owner = existing.HasValue ? existing.Value!.GetString("ApplicationId") : null;
            return owner is null || owner == state.Id ? null : owner;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Work item {Kind} for unknown application {ApplicationId}; dropped.")]
    private partial void LogMissing(string applicationId, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Work item {Kind} for {ApplicationId} no longer applies ({Code}).")]
    private partial void LogRefused(string applicationId, string kind, string code);

    [LoggerMessage(Level = LogLevel.Error, Message = "Poison message {MessageId} is not a work item; dropped.")]
    private partial void LogUnreadablePoison(string messageId);
}
