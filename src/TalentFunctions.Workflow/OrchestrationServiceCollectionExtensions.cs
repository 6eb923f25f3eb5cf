using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Workflow.Email;
using TalentFunctions.Workflow.Index;
using TalentFunctions.Workflow.Mentors;
using TalentFunctions.Workflow.Outbox;
using TalentFunctions.Workflow.Queries;
using TalentFunctions.Workflow.Store;
using TalentFunctions.Workflow.Timers;
using TalentFunctions.Workflow.Work;

namespace TalentFunctions.Workflow;

public static class OrchestrationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the instance store, the runtime, its effect handlers, the sweepers, the work-item processor and
    /// the queries. The storage clients come from the host (<c>services.AddStorageClients()</c>).
    /// An <see cref="IEffectHandler"/> for <see cref="OutboxTypes.Email"/> must be registered too.
    /// </summary>
    public static IServiceCollection AddApplicationRuntime(
        this IServiceCollection services,
        Action<OrchestrationOptions>? configure = null)
    {
        var options = new OrchestrationOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => ProgramCatalog.LoadDefault());

        services.TryAddSingleton<OrchestrationStorage>();
        services.TryAddSingleton<ApplicationStore>();
        services.TryAddSingleton<StateCache>();
        services.TryAddSingleton<PendingOutboxMarkers>();
        services.TryAddSingleton<TimerStore>();
        services.TryAddSingleton<ApplicationIndex>();
        services.TryAddSingleton<MentorLoadStore>();
        services.TryAddSingleton<RuntimeHooks>();
        services.TryAddSingleton<BackgroundOutboxDispatcher>();
        services.TryAddSingleton<IOutboxDispatchSink>(sp => sp.GetRequiredService<BackgroundOutboxDispatcher>());
        services.AddSingleton<IEffectHandler, ScheduleTimerHandler>();
        services.AddSingleton<IEffectHandler, CancelTimerHandler>();
        services.AddSingleton<IEffectHandler, EnqueueWorkHandler>();
        services.AddSingleton<IEffectHandler, IndexHandler>();
        services.AddSingleton<IEffectHandler, MentorLoadHandler>();
        services.TryAddSingleton<ApplicationRuntime>();
        services.TryAddSingleton<TimerSweeper>();
        services.TryAddSingleton<OutboxSweeper>();
        services.TryAddSingleton<WorkItemProcessor>();
        services.TryAddSingleton<ApplicationQueries>();
        return services;
    }

    /// <summary>
    /// Sends email effects: renders them (<see cref="EmailComposer"/>) and hands them to the registered
    /// <c>IEmailSender</c>. Needs an <c>EmailRenderer</c>, a <c>LinkTokenService</c>, an
    /// <see cref="EmailLinkOptions"/> and an <c>IEmailSender</c> registered by the host.
    /// </summary>
    public static IServiceCollection AddEmailEffects(this IServiceCollection services)
    {
        services.TryAddSingleton<EmailComposer>();
        services.AddSingleton<IEffectHandler, EmailEffectHandler>();
        return services;
    }
}
