using TalentFunctions.Notifications;

namespace TalentFunctions.Notifications.Tests;

/// <summary>One renderer for all rendering tests, so each template is compiled once.</summary>
internal static class SharedRenderer
{
    public static EmailRenderer Instance { get; } = new(new EmailTemplateOptions());
}
