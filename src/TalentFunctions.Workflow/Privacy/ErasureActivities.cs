using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Notifications;
using TalentFunctions.Notifications.Mailbox;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Index;
using TalentFunctions.Workflow.Lifecycle;
using TalentFunctions.Workflow.Seats;
using TalentFunctions.Workflow.Store;

namespace TalentFunctions.Workflow.Privacy;

/// <summary>
/// The eraser's two steps that need the Durable client: withdrawing (the command wakes the application's orchestration)
/// and ending and purging that orchestration. Hosts whose client arrives per invocation (Azure Functions) run them from
/// functions of their own under <see cref="ErasureActivityNames"/>; the local engine's host uses the activities below.
/// </summary>
public sealed partial class ErasureSteps(
    ApplicationCommands commands, ApplicationStore store, IDurableClientSource clients, ILogger<ErasureSteps> logger)
{
    /// <summary>The command id of the eraser's withdrawal: one per application, so a repeated step changes nothing.</summary>
    public const string WithdrawCommandId = "erasure:withdraw";

    /// <summary>
    /// Withdraws the application if it is open. True when there is a record whose orchestration may still have work the
    /// eraser should let it finish (the withdrawal's emails, seat and mentor load); false when the record is gone.
    /// </summary>
    public async Task<bool> WithdrawAsync(ErasureInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var loaded = await store.GetAsync(input.ApplicationId, cancellationToken).ConfigureAwait(false);
        if (loaded is null)
        {
            return false;
        }
        if (StageRules.CanWithdraw(loaded.State.Stage))
        {
            await commands.ExecuteAsync(input.ApplicationId, new Withdraw(WithdrawCommandId, input.RequestedBy, null), cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>
    /// Ends the application's orchestration (terminate when it still runs) and purges it: history, instance row and
    /// large-message blobs, which hold copies of the record. Returns how many instances were purged (0 or 1).
    /// </summary>
    public async Task<int> ForgetLifecycleAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        var client = clients.Client;
        var instance = await client.GetInstanceAsync(applicationId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return 0;
        }
        if (instance.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended)
        {
            await client.TerminateInstanceAsync(applicationId, new TerminateInstanceOptions { Output = "erased" }, cancellationToken).ConfigureAwait(false);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromMinutes(2));
            await client.WaitForInstanceCompletionAsync(applicationId, getInputsAndOutputs: false, wait.Token).ConfigureAwait(false);
        }
        var purged = await client.PurgeInstanceAsync(applicationId, cancellationToken).ConfigureAwait(false);
        LogPurged(applicationId, purged.PurgedInstanceCount);
        return purged.PurgedInstanceCount;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure of {ApplicationId}: its orchestration was purged ({Count} instance).")]
    private partial void LogPurged(string applicationId, int count);
}

/// <summary>See <see cref="ErasureSteps.WithdrawAsync"/>.</summary>
public sealed class WithdrawForErasureActivity(ErasureSteps steps) : TaskActivity<ErasureInput, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, ErasureInput input) => steps.WithdrawAsync(input);
}

/// <summary>See <see cref="ErasureSteps.ForgetLifecycleAsync"/>.</summary>
public sealed class ForgetLifecycleActivity(ErasureSteps steps) : TaskActivity<string, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, string applicationId) => steps.ForgetLifecycleAsync(applicationId);
}

/// <summary>True when the record is gone or holds no pending effect: its orchestration has done what the withdrawal left.</summary>
public sealed class WithdrawalSettledActivity(ApplicationStore store) : TaskActivity<string, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, string applicationId) =>
        await store.GetAsync(applicationId).ConfigureAwait(false) is null
        || (await store.ReadPendingEffectsAsync(applicationId).ConfigureAwait(false)).Count == 0;
}

/// <summary>
/// Tells the applicant their data is being erased, while the record still has their address: one email per application
/// (effect id <c>erasure-confirmation-{id}</c>, so a repeat is recognised as a duplicate), noted in the erasure row. A
/// provider that refuses the address for good does not stop the erasure.
/// </summary>
public sealed partial class SendErasureConfirmationActivity(
    ApplicationStore store, ErasureRecords erasures, ProgramCatalog programs, EmailRenderer renderer, IEmailSender sender, TimeProvider time,
    ILogger<SendErasureConfirmationActivity> logger) : TaskActivity<string, bool>
{
    public static string EffectId(string applicationId) => "erasure-confirmation-" + applicationId;

    public override async Task<bool> RunAsync(TaskActivityContext context, string applicationId)
    {
        var loaded = await store.GetAsync(applicationId).ConfigureAwait(false);
        var erasure = await erasures.GetAsync(applicationId).ConfigureAwait(false);
        if (loaded is null || erasure?.ConfirmationSentAt is not null)
        {
            return false;
        }
        var state = loaded.State;
        var language = state.Applicant.PreferredLanguage;
        var programName = programs.Get(state.ProgramId)?.Name.For(language) ?? state.ProgramId;
        var model = new ErasureConfirmedEmail(new EmailBasics(state.Applicant.Name, programName, state.Project.Title, applicationId, state.Applicant.TimeZone));
        var rendered = renderer.Render(model, language);
        try
        {
            await sender.SendAsync(new EmailMessage(EffectId(applicationId), applicationId, state.Applicant.Email, state.Applicant.Name,
                rendered.Subject, rendered.Text, rendered.Html, model.Kind)).ConfigureAwait(false);
        }
        catch (EmailPermanentFailureException)
        {
            LogRefused(applicationId);
            return false;
        }
        await erasures.MarkConfirmationSentAsync(applicationId, time.GetUtcNow()).ConfigureAwait(false);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Erasure of {ApplicationId}: the provider refused the confirmation email; erasing anyway.")]
    private partial void LogRefused(string applicationId);
}

/// <summary>Removes one part of an application's data (<see cref="ApplicationEraser"/>); returns how many items went.</summary>
public sealed class ErasePartActivity(ApplicationEraser eraser) : TaskActivity<ErasePartStep, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, ErasePartStep step) => eraser.EraseAsync(step.ApplicationId, step.Part);
}
