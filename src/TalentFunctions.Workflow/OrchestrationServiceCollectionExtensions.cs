using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Email;
using TalentFunctions.Workflow.Index;
using TalentFunctions.Workflow.Lifecycle;
using TalentFunctions.Workflow.Mentors;
using TalentFunctions.Workflow.Privacy;
using TalentFunctions.Workflow.Queries;
using TalentFunctions.Workflow.Seats;
using TalentFunctions.Workflow.Store;
using TalentFunctions.Workflow.Translation;

namespace TalentFunctions.Workflow;

public static class OrchestrationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the application records, the read models and queries, the commands HTTP handlers use and what
    /// the orchestration's activities need. The host registers the storage clients (<c>AddStorageClients()</c>), an
    /// <c>IEmailSender</c>, an <c>EmailRenderer</c>, a <c>LinkTokenService</c> and <see cref="EmailLinkOptions"/>, and
    /// a Durable Task worker with <see cref="AddApplicationTasks"/> and a client: the local engine's, registered as a
    /// service, or the Functions extension's, handed over per invocation (register its own <see cref="IDurableClientSource"/> first).
    /// </summary>
    public static IServiceCollection AddApplicationWorkflow(this IServiceCollection services, Action<OrchestrationOptions>? configure = null)
    {
        var options = new OrchestrationOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => ProgramCatalog.LoadDefault());

        services.TryAddSingleton<OrchestrationStorage>();
        services.TryAddSingleton<ApplicationStore>();
        services.TryAddSingleton<StateCache>();
        services.TryAddSingleton<ApplicationIndex>();
        services.TryAddSingleton<MentorLoadStore>();
        services.TryAddSingleton<MentorAssignment>();
        services.TryAddSingleton<Decisions.ReleaseCalendar>();
        services.TryAddSingleton<ApplicationRecords>();
        services.TryAddSingleton<ApplicationCommands>();
        services.TryAddSingleton<IApplicationSignals, DurableApplicationSignals>();
        services.TryAddSingleton<IDurableClientSource, ServiceDurableClientSource>();
        services.TryAddSingleton<ApplicationQueries>();
        services.TryAddSingleton<SeatLedger>();
        services.TryAddSingleton<EmailComposer>();
        services.TryAddSingleton<TranslationStore>();
        services.TryAddSingleton<IdempotencyClaims>();
        // Erasure (ADR 0014): the request, the eraser's steps.
        services.TryAddSingleton<ErasureOptions>();
        services.TryAddSingleton<ErasureRecords>();
        services.TryAddSingleton<ErasureRequests>();
        services.TryAddSingleton<ErasureSteps>();
        services.TryAddSingleton<ApplicationEraser>();
        // Retention (ADR 0017): a sweep per cycle, started with the cycle's first application.
        services.TryAddSingleton<RetentionSweeps>();
        services.TryAddSingleton<RetentionSchedule>();
        // The Translator: hosts register the typed client (AddHttpClient<TranslatorClient>()) and bind TranslatorOptions
        // first; a host that does neither gets one that is not configured, so nothing is sent.
        services.AddOptions<TranslatorOptions>();
        services.TryAddSingleton(sp => new TranslatorClient(
            new HttpClient(), sp.GetRequiredService<IOptions<TranslatorOptions>>(), sp.GetRequiredService<ILogger<TranslatorClient>>()));
        return services;
    }

    /// <summary>
    /// The application orchestration and its activities, the eraser's and the retention sweep's: one call, in every host's Durable worker. A host
    /// whose Durable client arrives per invocation runs the eraser's two client steps and the sweep's one as functions of
    /// its own (<paramref name="hostRunsClientSteps"/>, <see cref="ErasureActivityNames"/>, <see cref="RetentionActivityNames"/>).
    /// </summary>
    public static DurableTaskRegistry AddApplicationTasks(this DurableTaskRegistry tasks, bool hostRunsClientSteps = false)
    {
        tasks.AddOrchestrator<ApplicationLifecycle>();
        tasks.AddActivity<CatchUpActivity>();
        tasks.AddActivity<SendEmailsActivity>();
        tasks.AddActivity<ScreenActivity>();
        tasks.AddActivity<AssignMentorsActivity>();
        tasks.AddActivity<FireTimerActivity>();
        tasks.AddActivity<FlagNeedsAttentionActivity>();
        tasks.AddActivity<TranslateForMentorsActivity>();
        tasks.AddActivity<PromoteWaitlistActivity>();

        tasks.AddOrchestrator<ErasureProcess>();
        tasks.AddActivity<WithdrawalSettledActivity>();
        tasks.AddActivity<SendErasureConfirmationActivity>();
        tasks.AddActivity<ErasePartActivity>();

        tasks.AddOrchestrator<RetentionProcess>();
        tasks.AddActivity<PlanRetentionActivity>();
        tasks.AddActivity<NextRetentionBatchActivity>();
        tasks.AddActivity<SendRetentionNoticeActivity>();
        tasks.AddActivity<SendRetentionDoneActivity>();
        tasks.AddActivity<CountUnfinishedErasuresActivity>();
        if (!hostRunsClientSteps)
        {
            tasks.AddActivity<StartRetentionErasuresActivity>();
            tasks.AddActivity<WithdrawForErasureActivity>();
            tasks.AddActivity<ForgetLifecycleActivity>();
        }
        return tasks;
    }
}
