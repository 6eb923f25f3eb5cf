using System.Globalization;

namespace TalentFunctions.Functions.Hosting;

/// <summary>How the app is hosted: standalone (default) or started by the Functions host as a custom handler.</summary>
public enum HostingMode
{
    Standalone,
    CustomHandler,
}

public static class HostingModeDetector
{
    /// <summary>Custom handler when <c>FUNCTIONS_CUSTOMHANDLER_PORT</c> is set, standalone otherwise.</summary>
    public static HostingMode Detect(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration[AppSettings.CustomHandlerPort]) ? HostingMode.Standalone : HostingMode.CustomHandler;

    /// <summary>The port the Functions host calls us on; throws naming the variable when it is not a port.</summary>
    public static int GetCustomHandlerPort(IConfiguration configuration)
    {
        var text = configuration[AppSettings.CustomHandlerPort];
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new InvalidOperationException($"{AppSettings.CustomHandlerPort} must be a TCP port number (1-65535).");
    }
}
