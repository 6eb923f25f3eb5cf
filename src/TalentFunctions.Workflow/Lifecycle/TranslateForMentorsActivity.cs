using TalentFunctions.Domain.Programs;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using TalentFunctions.Workflow.Effects;
using TalentFunctions.Workflow.Store;
using TalentFunctions.Workflow.Translation;

namespace TalentFunctions.Workflow.Lifecycle;

/// <summary>
/// Machine-translates the texts mentors read (<see cref="ReviewTexts"/>) into the language of a mentor just assigned,
/// and keeps the result (<see cref="TranslationStore"/>): once per application and language — a translation of the same
/// texts already kept is not asked for again — and idempotent, since a repeated run writes the same row.
/// <para>
/// It never fails the step for the Translator's sake: not configured, failing after the client's short retries, or
/// refusing, the row says unavailable and the review page shows the original with "machine translation unavailable".
/// Only storage failures throw (and are retried like every step's).
/// </para>
/// </summary>
public sealed partial class TranslateForMentorsActivity(
    ApplicationStore store, ProgramCatalog programs, TranslationStore translations, TranslatorClient translator, ILogger<TranslateForMentorsActivity> logger)
    : TaskActivity<LifecycleStep, StepOutcome>
{
    public override async Task<StepOutcome> RunAsync(TaskActivityContext context, LifecycleStep step)
    {
        using var span = Telemetry.StartContinuation("translate for mentors", step.TraceParent, step.ApplicationId);
        var language = PayloadJson.Read<TranslatePayload>(new PendingEffect(step.EffectId, PendingEffectTypes.Translate, step.Json, 0)).Language;
        span?.SetTag("talentfunctions.language", language);
        var loaded = await store.GetAsync(step.ApplicationId).ConfigureAwait(false);
        if (loaded is not null)
        {
            var outcome = await TranslateAsync(step.ApplicationId, loaded.State.Project.Language, ReviewTexts.Of(loaded.State, programs.Get(loaded.State.ProgramId)), language).ConfigureAwait(false);
            span?.SetTag("talentfunctions.outcome", outcome);
        }
        await store.DeletePendingEffectsAsync(step.ApplicationId, [new PendingEffect(step.EffectId, PendingEffectTypes.Translate, "", 0)]).ConfigureAwait(false);
        // The record did not change: the translation lives beside it.
        return new StepOutcome(false);
    }

    private async Task<string> TranslateAsync(string applicationId, string projectLanguage, ReviewTexts texts, string language)
    {
        if (TranslationLanguages.Same(projectLanguage, language))
        {
            return "not-needed";
        }
        var hash = texts.Hash(projectLanguage);
        var kept = await translations.GetAsync(applicationId, language).ConfigureAwait(false);
        if (kept is { Status: TranslationStatus.Translated } && kept.SourceHash == hash)
        {
            return "kept";
        }

        var from = TranslationLanguages.Source(projectLanguage);
        var result = await translator.TranslateAsync(texts.All, TranslationLanguages.Target(language), from).ConfigureAwait(false);
        var row = result switch
        {
            MachineTranslation done => new StoredTranslation(applicationId, language, TranslationStatus.Translated, hash, done.SourceLanguage, done.Texts),
            TranslationUnavailable failed => new StoredTranslation(applicationId, language, TranslationStatus.Unavailable, hash, from, [], failed.Reason),
            _ => throw new InvalidOperationException($"Unknown translation outcome {result.GetType().Name}."),
        };
        await translations.SaveAsync(row).ConfigureAwait(false);
        if (result is TranslationUnavailable unavailable && translator.IsConfigured)
        {
            LogUnavailable(applicationId, language, unavailable.Reason);
        }
        return row.Status == TranslationStatus.Translated ? "translated" : "unavailable";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Machine translation of {ApplicationId} into {Language} is unavailable: {Reason}. Mentors read the original.")]
    private partial void LogUnavailable(string applicationId, string language, string reason);
}
