using TalentFunctions.Web.Settings;
using TalentFunctions.Web.Hosting;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Effects;

namespace TalentFunctions.Web.Endpoints;

/// <summary>
/// Renders every email template once at start, so a broken edit by program staff stops the app with the
/// template named, instead of failing each email of that kind later.
/// </summary>
public sealed class EmailTemplateCheck(TalentFunctions.Notifications.EmailRenderer renderer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var problems = renderer.Verify();
        return problems.Count == 0
            ? Task.CompletedTask
            : throw new InvalidOperationException("Email templates are broken: " + string.Join(" | ", problems));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
