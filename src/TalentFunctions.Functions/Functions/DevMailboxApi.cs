using TalentFunctions.Functions.Hosting;
using TalentFunctions.Functions.Api;
using TalentFunctions.Functions.Web;
using TalentFunctions.Notifications;
using TalentFunctions.Notifications.Mailbox;
using Azure.Storage.Blobs;

namespace TalentFunctions.Functions.Functions;

/// <summary>One message of the dev mailbox as <c>GET /api/dev/mailbox</c> lists it.</summary>
public sealed record DevMailboxMessageView(
    string Id,
    string To,
    string Subject,
    string Text,
    string Html,
    IReadOnlyList<string> Links,
    DateTimeOffset SentAt,
    string EffectId);

/// <summary>
/// The dev mailbox, for local runs: <c>GET /api/dev/mailbox[?to=address]</c> (JSON, newest first) and
/// <c>GET /dev/mailbox[?to=address]</c> (a page). Mapped only when the app runs standalone in Development, and
/// answering only while the dev mailbox is the email sender (no SendGrid key); otherwise 404. Never a function.
/// </summary>
public static class DevMailboxApi
{
    public const int MaxMessages = 500;

    public static IEndpointRouteBuilder MapDevMailbox(this IEndpointRouteBuilder app)
    {
        var environment = app.ServiceProvider.GetRequiredService<IWebHostEnvironment>();
        var configuration = app.ServiceProvider.GetRequiredService<IConfiguration>();
        if (!environment.IsDevelopment() || HostingModeDetector.Detect(configuration) != HostingMode.Standalone)
        {
            return app;
        }
        app.MapGet("/api/dev/mailbox", ListAsync).WithTags("Development").ExcludeFromDescription().WithMetadata(NotAFunctionMetadata.Instance);
        app.MapGet("/dev/mailbox", PageAsync).WithTags("Development").ExcludeFromDescription().WithMetadata(NotAFunctionMetadata.Instance);
        return app;
    }

    private static async Task<IResult> ListAsync(string? to, IEmailSender sender, BlobServiceClient blobs, CancellationToken ct)
    {
        if (sender is not BlobMailboxEmailSender)
        {
            return Results.NotFound(); // as an unknown route answers
        }
        var messages = await Reader(blobs).ListAsync(to, MaxMessages, ct);
        return Results.Json(messages.Select(m => new DevMailboxMessageView(m.Id, m.To, m.Subject, m.Text, m.Html, m.Links, m.SentAt, m.EffectId)), ApiJson.Options);
    }

    private static async Task<IResult> PageAsync(string? to, IEmailSender sender, BlobServiceClient blobs, CancellationToken ct)
    {
        if (sender is not BlobMailboxEmailSender)
        {
            return Results.NotFound();
        }
        return DevMailboxPage.Render(await Reader(blobs).ListAsync(to, MaxMessages, ct), to);
    }

    private static MailboxReader Reader(BlobServiceClient blobs) => new(blobs.GetBlobContainerClient(BlobMailbox.ContainerName));
}
