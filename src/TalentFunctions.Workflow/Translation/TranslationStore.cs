using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using TalentFunctions.Workflow.Store;

namespace TalentFunctions.Workflow.Translation;

/// <summary>Whether a stored translation can be shown.</summary>
public enum TranslationStatus
{
    /// <summary>The texts were machine-translated.</summary>
    Translated,

    /// <summary>The Translator is not configured, failed or refused: mentors read the original only.</summary>
    Unavailable,
}

/// <summary>
/// The translation of one application's <see cref="ReviewTexts"/> into one language. <see cref="SourceHash"/> is the
/// <see cref="ReviewTexts.Hash"/> of the texts translated: a translation whose hash is not the application's current
/// one is stale. <see cref="Texts"/> are ordered as <see cref="ReviewTexts.All"/>; empty when unavailable.
/// </summary>
public sealed record StoredTranslation(
    string ApplicationId,
    string Language,
    TranslationStatus Status,
    string SourceHash,
    string? SourceLanguage,
    IReadOnlyList<string> Texts,
    string? Reason = null)
{
    /// <summary>The translation of <paramref name="current"/> (declared in <paramref name="language"/>), or null when this one is unavailable or stale.</summary>
    public ReviewTexts? For(ReviewTexts current, string? language) =>
        Status == TranslationStatus.Translated && SourceHash == current.Hash(language) ? current.With(Texts) : null;
}

/// <summary>
/// Machine translations of the texts mentors read: table <c>Translations</c>, partition = application id, row = the
/// reader's language (<c>en</c>, <c>zh</c>). One row per application and language, replaced whole, so writing the same
/// translation twice leaves the same row.
/// </summary>
public sealed class TranslationStore(OrchestrationStorage storage)
{
    private TableClient Table => storage.Translations;

    public async Task<StoredTranslation?> GetAsync(string applicationId, string language, CancellationToken cancellationToken = default)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(applicationId, language, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!row.HasValue)
        {
            return null;
        }
        var entity = row.Value!;
        var status = Enum.TryParse<TranslationStatus>(entity.GetString("Status"), out var parsed) ? parsed : TranslationStatus.Unavailable;
        var texts = JsonSerializer.Deserialize<List<string>>(EntityText.Read(entity, "Texts") ?? "[]") ?? [];
        return new StoredTranslation(applicationId, language, status, entity.GetString("SourceHash") ?? "", entity.GetString("SourceLanguage"), texts,
            entity.GetString("Reason"));
    }

    public async Task SaveAsync(StoredTranslation translation, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(translation.ApplicationId, translation.Language)
        {
            ["Status"] = translation.Status.ToString(),
            ["SourceHash"] = translation.SourceHash,
            ["SourceLanguage"] = translation.SourceLanguage,
            ["Reason"] = translation.Reason,
        };
        EntityText.Write(entity, "Texts", JsonSerializer.Serialize(translation.Texts));
        await Table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }
}
