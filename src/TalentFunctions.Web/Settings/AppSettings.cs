using TalentFunctions.Storage;
using TalentFunctions.Web.Hosting;
using TalentFunctions.Workflow.Translation;

namespace TalentFunctions.Web.Settings;

/// <summary>Where a setting is meaningful.</summary>
public enum AppSettingScope
{
    /// <summary>Read both standalone and in Azure: it must be in <c>infra/main.bicep</c> and the sample settings.</summary>
    Everywhere,

    /// <summary>Only read by standalone runs (the local engine, tuning, shorter timings): listed in the sample settings only.</summary>
    StandaloneOnly,

    /// <summary>
    /// Read everywhere but left unset by the Azure deployment, which names the account with the Functions convention
    /// (<c>AzureWebJobsStorage__*</c>): listed in the sample settings only.
    /// </summary>
    Override,
}

/// <summary>One setting the app reads.</summary>
/// <param name="Key">The configuration key, sections separated by <c>:</c> (e.g. <c>Staff:ApiKey</c>).</param>
/// <param name="Scope">Where the setting is read.</param>
/// <param name="IsSecret">Secrets come from Key Vault in Azure and are never logged.</param>
/// <param name="IsList">
/// A list of entries with fields, set as <c>{Key}:{n}:{Field}</c> (app settings <c>Staff__Members__0__Email</c> …): the sample
/// lists entry 0, Bicep one per entry of a parameter.
/// </param>
public sealed record AppSetting(string Key, AppSettingScope Scope, bool IsSecret, bool IsList = false)
{
    /// <summary>
    /// The flat name used for Functions app settings, environment variables and the <c>Values</c> of
    /// <c>local.settings.json</c>: sections joined with <c>__</c> (e.g. <c>Staff__ApiKey</c>).
    /// </summary>
    public string AppSettingName => Key.Replace(":", "__", StringComparison.Ordinal);
}

/// <summary>
/// The single list of settings the app binds. <c>local.settings.sample.json</c> and <c>infra/main.bicep</c>
/// are checked against it by a test, and every property of the options classes must be listed here.
/// Add a setting here when you add an options property.
/// </summary>
public static class AppSettings
{
    public static IReadOnlyList<AppSetting> All { get; } =
    [
        new("Storage:ConnectionString", AppSettingScope.Override, IsSecret: true),
        new("Storage:BlobServiceUri", AppSettingScope.Override, IsSecret: false),
        new("Storage:QueueServiceUri", AppSettingScope.Override, IsSecret: false),
        new("Storage:TableServiceUri", AppSettingScope.Override, IsSecret: false),
        new("Storage:Credential", AppSettingScope.Override, IsSecret: false),
        new("Storage:ClientId", AppSettingScope.Override, IsSecret: false),
        new("Staff:ApiKey", AppSettingScope.Everywhere, IsSecret: true),
        new("Staff:Members", AppSettingScope.Everywhere, IsSecret: false, IsList: true),
        new("Staff:SessionLifetime", AppSettingScope.Everywhere, IsSecret: false),
        new("Staff:SignInLinkLifetime", AppSettingScope.Everywhere, IsSecret: false),
        new("Links:SigningKey", AppSettingScope.Everywhere, IsSecret: true),
        new("Links:PublicBaseUrl", AppSettingScope.Everywhere, IsSecret: false),
        new("Materials:UploadUrlLifetime", AppSettingScope.Everywhere, IsSecret: false),
        new("Email:SendGridApiKey", AppSettingScope.Everywhere, IsSecret: true),
        new("Email:SendGridBaseUrl", AppSettingScope.Everywhere, IsSecret: false),
        new("Email:FromEmail", AppSettingScope.Everywhere, IsSecret: false),
        new("Email:FromName", AppSettingScope.Everywhere, IsSecret: false),
        new("Translator:Endpoint", AppSettingScope.Everywhere, IsSecret: false),
        new("Translator:Key", AppSettingScope.Everywhere, IsSecret: true),
        new("Translator:Region", AppSettingScope.Everywhere, IsSecret: false),
        new("DurableTask:TaskHubName", AppSettingScope.StandaloneOnly, IsSecret: false),
        new("DurableTask:PartitionCount", AppSettingScope.StandaloneOnly, IsSecret: false),
        new("DurableTask:MaxQueuePollingInterval", AppSettingScope.StandaloneOnly, IsSecret: false),
        new("DurableTask:WorkItemVisibilityTimeout", AppSettingScope.StandaloneOnly, IsSecret: false),
        new("Telemetry:Exporter", AppSettingScope.StandaloneOnly, IsSecret: false),
        new("Programs:Timings:ReviewWindow", AppSettingScope.StandaloneOnly, IsSecret: false),
        new("Programs:Timings:OfferValidity", AppSettingScope.StandaloneOnly, IsSecret: false),
        new("Programs:Timings:ReminderLead", AppSettingScope.StandaloneOnly, IsSecret: false),
        new("Programs:Timings:DraftFirstReminderLead", AppSettingScope.StandaloneOnly, IsSecret: false),
        new("Programs:Timings:DraftLastReminderLead", AppSettingScope.StandaloneOnly, IsSecret: false),
        new("Programs:Timings:RetentionDelay", AppSettingScope.StandaloneOnly, IsSecret: false),
        new("Programs:Timings:RetentionNotice", AppSettingScope.StandaloneOnly, IsSecret: false),
    ];

    /// <summary>
    /// The options classes both hosts bind, with their sections; each property is a setting in <see cref="All"/>
    /// (the standalone host binds <c>DurableTask</c> too: <c>StandaloneSettings.BoundOptions</c>).
    /// </summary>
    public static IReadOnlyList<(Type OptionsType, string Section)> BoundOptions { get; } =
    [
        (typeof(StorageOptions), StorageOptions.Section),
        (typeof(StaffOptions), StaffOptions.Section),
        (typeof(LinksOptions), LinksOptions.Section),
        (typeof(EmailOptions), EmailOptions.Section),
        (typeof(MaterialsOptions), MaterialsOptions.Section),
        (typeof(TranslatorOptions), TranslatorOptions.Section),
        (typeof(TelemetryOptions), TelemetryOptions.Section),
        (typeof(ProgramTimingSettings), ProgramTimingSettings.Section),
    ];

    /// <summary>
    /// The Functions convention for the storage connection (<c>AzureWebJobsStorage</c>, or identity-based
    /// <c>AzureWebJobsStorage__*ServiceUri</c> with <c>__credential</c>), read when the <c>Storage</c> settings are empty.
    /// The host and the app share it in Azure.
    /// </summary>
    public const string FunctionsStorageConnection = StorageOptions.FunctionsConnection;
}
