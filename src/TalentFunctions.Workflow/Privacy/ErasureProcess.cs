using Microsoft.DurableTask;

namespace TalentFunctions.Workflow.Privacy;

/// <summary>
/// What the eraser of one application starts with: its id and who asked; nothing personal. <see cref="ForRetention"/>:
/// a retention sweep's erasure of a closed application (ADR 0017): nothing to withdraw, and no email to the applicant,
/// whom the privacy notice told at consent.
/// </summary>
public sealed record ErasureInput(string ApplicationId, string RequestedBy, double SettleCheckSeconds = 2, int SettleChecks = 60, bool ForRetention = false);

/// <summary>One part of the application's data for <see cref="ErasePartActivity"/> to remove.</summary>
public sealed record ErasePartStep(string ApplicationId, ErasurePart Part);

/// <summary>Where an application's personal data lives, in the order the eraser removes it (the record last: the others read it).</summary>
public enum ErasurePart
{
    Materials,
    Mailbox,
    Translations,
    IdempotencyKeys,
    ReadModels,
    ApplicantClaim,
    Record,
}

/// <summary>
/// Erases one application's personal data (ADR 0014), as a durable process: instance id <c>erase-{applicationId}</c>, so a
/// request repeated while it runs finds it, and a crash mid-way resumes where it stopped. Every step is an idempotent
/// activity whose input and output are the application id, flags and counts; the record, which the steps read, goes last.
/// <para>
/// Withdraw the application if it is open and let its own orchestration finish what that causes (seat, mentors' open
/// reviews, their emails); tell the applicant, while the address is still known; end and purge the application's
/// orchestration (its history holds copies of the record); then remove each part; the erasure row stays as the audit entry.
/// </para>
/// </summary>
public sealed class ErasureProcess : TaskOrchestrator<ErasureInput, string>
{
    public const string Name = nameof(ErasureProcess);

    public static string InstanceId(string applicationId) => "erase-" + applicationId;

    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    public override async Task<string> RunAsync(TaskOrchestrationContext context, ErasureInput input)
    {
        var id = input.ApplicationId;
        if (!input.ForRetention)
        {
            if (await context.CallActivityAsync<bool>(ErasureActivityNames.Withdraw, input, Retry))
            {
                await WaitForWithdrawalToSettleAsync(context, input);
            }
            await context.CallActivityAsync<bool>(nameof(SendErasureConfirmationActivity), id, Retry);
        }
        await context.CallActivityAsync<int>(ErasureActivityNames.ForgetLifecycle, id, Retry);
        foreach (var part in Enum.GetValues<ErasurePart>())
        {
            await context.CallActivityAsync<int>(nameof(ErasePartActivity), new ErasePartStep(id, part), Retry);
        }
        return "Erased";
    }

    /// <summary>
    /// The application's orchestration performs what the withdrawal left pending; wait (a bounded while) until it has, so
    /// the mentors are told and nothing is being sent while the mailbox is cleaned. A blocked step does not stop erasure.
    /// </summary>
    private static async Task WaitForWithdrawalToSettleAsync(TaskOrchestrationContext context, ErasureInput input)
    {
        for (var check = 0; check < input.SettleChecks; check++)
        {
            if (await context.CallActivityAsync<bool>(nameof(WithdrawalSettledActivity), input.ApplicationId, Retry))
            {
                return;
            }
            await context.CreateTimer(TimeSpan.FromSeconds(input.SettleCheckSeconds), CancellationToken.None);
        }
    }
}

/// <summary>Names of the eraser's activities a host may provide as functions of its own (the two that need a Durable client: <see cref="ErasureSteps"/>).</summary>
public static class ErasureActivityNames
{
    public const string Withdraw = nameof(WithdrawForErasureActivity);
    public const string ForgetLifecycle = nameof(ForgetLifecycleActivity);
}
