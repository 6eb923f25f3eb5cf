using System.Net;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using TalentFunctions.Notifications.Mailbox;
using TalentFunctions.Web.Tests.Infrastructure;

namespace TalentFunctions.Web.Tests.Console;

/// <summary>Staff members for console tests (unique addresses: the dev mailbox is shared by every test) and the sign-in steps.</summary>
public sealed partial record StaffTeam(string Admin, string Decider, string Reader)
{
    public static StaffTeam Unique()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        return new($"admin-{id}@staff.example.org", $"decider-{id}@staff.example.org", $"reader-{id}@staff.example.org");
    }

    public Dictionary<string, string?> Settings() => new()
    {
        ["Staff:Members:0:Email"] = Admin,
        ["Staff:Members:0:Role"] = "admin",
        ["Staff:Members:0:Name"] = "Admin 管理员",
        ["Staff:Members:1:Email"] = Decider,
        ["Staff:Members:1:Role"] = "decider",
        ["Staff:Members:1:Name"] = "Decider Wang",
        ["Staff:Members:2:Email"] = Reader,
        ["Staff:Members:2:Role"] = "READER",
    };

    /// <summary>What a same-origin browser form post sends.</summary>
    public static readonly IReadOnlyDictionary<string, string> SameSite = new Dictionary<string, string> { ["Sec-Fetch-Site"] = "same-origin" };

    /// <summary>Asks for a link and returns the path of the one emailed.</summary>
    public static async Task<string> RequestLinkAsync(TestApp app, HttpClient browser, string email, string? lang = null)
    {
        var before = (await SignInMailAsync(app, email)).Count;
        var response = await Web.WebKit.PostFormAsync(browser, "/console/sign-in" + (lang is null ? "" : "?lang=" + lang),
            new Dictionary<string, string> { ["email"] = email }, SameSite);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var mail = await SignInMailAsync(app, email);
        Assert.Equal(before + 1, mail.Count);
        return LinkPath(mail[0]);
    }

    public static string LinkPath(MailboxMessage message)
    {
        var match = LinkPattern().Match(message.Text);
        Assert.True(match.Success, message.Text);
        return match.Groups[1].Value;
    }

    public static async Task<IReadOnlyList<MailboxMessage>> SignInMailAsync(TestApp app, string email)
    {
        var reader = new MailboxReader(app.Get<BlobServiceClient>().GetBlobContainerClient(BlobMailbox.ContainerName));
        return [.. (await reader.ListAsync(email)).Where(m => m.Kind == "StaffSignIn")];
    }

    /// <summary>Signs <paramref name="email"/> in on a new browser and returns it (with its session cookie).</summary>
    public static async Task<HttpClient> SignedInAsync(TestApp app, string email)
    {
        var browser = app.CreateBrowser();
        var link = await RequestLinkAsync(app, browser, email);
        var confirm = await Web.WebKit.PostFormAsync(browser, link, new Dictionary<string, string>(), SameSite);
        Assert.Equal(HttpStatusCode.SeeOther, confirm.StatusCode);
        return browser;
    }

    [GeneratedRegex(@"http://localhost:7071(/console/sign-in/[A-Za-z0-9_\-]+)")]
    private static partial Regex LinkPattern();
}
