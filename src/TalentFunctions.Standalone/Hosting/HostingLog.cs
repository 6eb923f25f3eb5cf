namespace TalentFunctions.Standalone.Hosting;

/// <summary>Log messages of the hosting layer. Ids and names only, never personal data or message bodies.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(41, LogLevel.Information, "No storage connection configured: starting Azurite (data in {DataDirectory})")]
    public static partial void AzuriteStarting(ILogger logger, string dataDirectory);

    [LoggerMessage(50, LogLevel.Information, "Settings read from {SettingsFile} (environment variables override it)")]
    public static partial void LocalSettingsUsed(ILogger logger, string settingsFile);

    [LoggerMessage(51, LogLevel.Warning, "Email:SendGridApiKey is empty: emails go to the dev mailbox, not to SendGrid")]
    public static partial void DevMailboxInUse(ILogger logger);

    [LoggerMessage(52, LogLevel.Information, "{Banner}")]
    public static partial void StartupBanner(ILogger logger, string banner);
}
