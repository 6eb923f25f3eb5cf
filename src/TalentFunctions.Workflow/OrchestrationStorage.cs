using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace TalentFunctions.Workflow;

/// <summary>
/// The tables the workflow uses, created once per process. One client per table, shared by every component
/// (clients are thread-safe and hold no per-call state). The Durable engine keeps its own queues and tables.
/// </summary>
public sealed class OrchestrationStorage
{
    public OrchestrationStorage(TableServiceClient tables, BlobServiceClient blobs, OrchestrationOptions options)
    {
        Options = options;
        Applications = tables.GetTableClient(options.ApplicationsTable);
        Index = tables.GetTableClient(options.IndexTable);
        Applicants = tables.GetTableClient(options.ApplicantsTable);
        MentorLoad = tables.GetTableClient(options.MentorLoadTable);
        Idempotency = tables.GetTableClient(options.IdempotencyTable);
        Seats = tables.GetTableClient(options.SeatsTable);
        Translations = tables.GetTableClient(options.TranslationsTable);
        ProgramSettings = tables.GetTableClient(options.ProgramSettingsTable);
        StaffSignIns = tables.GetTableClient(options.StaffSignInsTable);
        StaffSessions = tables.GetTableClient(options.StaffSessionsTable);
        ReviewDrafts = tables.GetTableClient(options.ReviewDraftsTable);
        Blobs = blobs;
    }

    public OrchestrationOptions Options { get; }
    public TableClient Applications { get; }
    public TableClient Index { get; }
    public TableClient Applicants { get; }
    public TableClient MentorLoad { get; }
    public TableClient Idempotency { get; }
    public TableClient Seats { get; }

    /// <summary>Machine translations of the texts mentors read (<see cref="Translation.TranslationStore"/>).</summary>
    public TableClient Translations { get; }

    /// <summary>What staff changed of a program at run time, e.g. its announcement date (<see cref="Decisions.ReleaseCalendar"/>).</summary>
    public TableClient ProgramSettings { get; }

    /// <summary>Unused staff sign-in links, by token hash (the web app's staff sign-in).</summary>
    public TableClient StaffSignIns { get; }

    /// <summary>Staff console sessions, by session id hash.</summary>
    public TableClient StaffSessions { get; }

    /// <summary>Mentors' review drafts, by assignment.</summary>
    public TableClient ReviewDrafts { get; }
    public BlobServiceClient Blobs { get; }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        TableClient[] tables = [Applications, Index, Applicants, MentorLoad, Idempotency, Seats, Translations, StaffSignIns, StaffSessions, ReviewDrafts, ProgramSettings];
        foreach (var table in tables)
        {
            await table.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
