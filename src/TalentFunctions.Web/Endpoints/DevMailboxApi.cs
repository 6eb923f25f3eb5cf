using TalentFunctions.Web.Settings;
using TalentFunctions.Web.Hosting;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Pages;
using TalentFunctions.Notifications;
using TalentFunctions.Notifications.Mailbox;
using Azure.Storage.Blobs;

namespace TalentFunctions.Web.Endpoints;

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
/// <c>GET /dev/mailbox[?to=address]</c> (a page). They answer only in Development while the dev mailbox is the email
/// sender (no SendGrid key); otherwise 404, as an unknown route.
/// </summary>
public static class DevMailboxApi
{
    public const int MaxMessages = 500;

    public static IEndpointRouteBuilder MapDevMailbox(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/dev/mailbox", ListAsync).WithName("DevMailbox").WithTags("Development").ExcludeFromDescription();
        app.MapGet("/dev/mailbox", PageAsync).WithName("DevMailboxPage").WithTags("Development").ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ListAsync(string? to, IEmailSender sender, BlobServiceClient blobs, IHostEnvironment environment, CancellationToken ct)
    {
        if (!environment.IsDevelopment() || sender is not BlobMailboxEmailSender)
        {
            return Results.NotFound(); // as an unknown route answers
        }
        var messages = await Reader(blobs).ListAsync(to, MaxMessages, ct);
        return Results.Json(messages.Select(m => new DevMailboxMessageView(m.Id, m.To, m.Subject, m.Text, m.Html, m.Links, m.SentAt, m.EffectId)), ApiJson.Options);
    }

    private static async Task<IResult> PageAsync(string? to, IEmailSender sender, BlobServiceClient blobs, IHostEnvironment environment, CancellationToken ct)
    {
        if (!environment.IsDevelopment() || sender is not BlobMailboxEmailSender)
        {
            return Results.NotFound();
        }
        return DevMailboxPage.Render(await Reader(blobs).ListAsync(to, MaxMessages, ct), to);
    }

    private static MailboxReader Reader(BlobServiceClient blobs) => new(blobs.GetBlobContainerClient(BlobMailbox.ContainerName));
}
