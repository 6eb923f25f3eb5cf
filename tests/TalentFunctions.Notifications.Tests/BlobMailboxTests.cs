using TalentFunctions.Notifications.Mailbox;
using Azure.Storage.Blobs;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Notifications.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class BlobMailboxTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = new(2027, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly ManualTimeProvider clock = new(Start);
    private readonly BlobContainerClient container =
        new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(AzuriteFixture.UniqueContainerName("mailbox"));

    [Fact]
    public async Task Messages_are_listed_newest_first_with_every_field_and_their_links()
    {
        var sender = new BlobMailboxEmailSender(container, clock);
        var rendered = SharedRenderer.Instance.Render(EmailKinds.OfferMade, "zh", TemplateModels.Realistic(EmailKinds.OfferMade));
        await sender.SendAsync(EmailMessage.Create("e1", "app-1", "lin@example.org", "林小雨", EmailKinds.OfferMade, rendered));
        clock.Advance(TimeSpan.FromMinutes(1));
        await sender.SendAsync(Message("e2", "mentor@example.org"));
        clock.Advance(TimeSpan.FromMinutes(1));
        await sender.SendAsync(Message("e3", "Lin@Example.org"));

        var all = await new MailboxReader(container).ListAsync();

        Assert.Equal(["e3", "e2", "e1"], all.Select(m => m.EffectId));
        Assert.Equal([Start.AddMinutes(2), Start.AddMinutes(1), Start], all.Select(m => m.SentAt));
        var offer = all[2];
        Assert.Equal(("lin@example.org", "app-1", EmailKinds.OfferMade), (offer.To, offer.ApplicationId, offer.Kind));
        Assert.Equal(rendered.Subject, offer.Subject);
        Assert.Equal(rendered.Text, offer.Text);
        Assert.Equal(rendered.Html, offer.Html);
        Assert.StartsWith("【需要您处理】", offer.Subject, StringComparison.Ordinal);
        Assert.Equal(["https://apply.example.org/offerUrl/abc?token=x_y-z"], offer.Links);
        Assert.Equal(["https://apply.example.org/a?x=1&y=2", "https://apply.example.org/b"], all[0].Links);
        Assert.Equivalent(offer, await new MailboxReader(container).GetAsync(offer.Id), strict: true);
    }

    [Fact]
    public async Task Filtering_by_recipient_ignores_case_and_respects_max()
    {
        var sender = new BlobMailboxEmailSender(container, clock);
        foreach (var i in Enumerable.Range(1, 5))
        {
            await sender.SendAsync(Message("lin-" + i, i % 2 == 0 ? "LIN@example.org" : "lin@example.org"));
            await sender.SendAsync(Message("other-" + i, "other@example.org"));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var reader = new MailboxReader(container);
        var lin = await reader.ListAsync("Lin@Example.Org");
        var latestTwo = await reader.ListAsync("lin@example.org", max: 2);
        var none = await reader.ListAsync("nobody@example.org");

        Assert.Equal(["lin-5", "lin-4", "lin-3", "lin-2", "lin-1"], lin.Select(m => m.EffectId));
        Assert.Equal(["lin-5", "lin-4"], latestTwo.Select(m => m.EffectId));
        Assert.Empty(none);
        Assert.Equal(10, (await reader.ListAsync()).Count);
    }

    [Fact]
    public async Task Sending_an_effect_again_keeps_one_message_in_its_first_place()
    {
        var sender = new BlobMailboxEmailSender(container, clock);
        await sender.SendAsync(Message("dup", "lin@example.org") with { Subject = "first" });
        clock.Advance(TimeSpan.FromMinutes(1));
        await sender.SendAsync(Message("later", "lin@example.org"));
        clock.Advance(TimeSpan.FromMinutes(1));
        await sender.SendAsync(Message("dup", "lin@example.org") with { Subject = "again" });

        var messages = await new MailboxReader(container).ListAsync();

        Assert.Equal(["later", "dup"], messages.Select(m => m.EffectId));
        Assert.Equal(("again", Start), (messages[1].Subject, messages[1].SentAt));
    }

    [Fact]
    public async Task Concurrent_sends_of_one_effect_store_one_message()
    {
        var senders = Enumerable.Range(0, 4).Select(_ => new BlobMailboxEmailSender(container, clock)).ToList();

        await Task.WhenAll(senders.Select(s => s.SendAsync(Message("race", "lin@example.org"))));

        Assert.Single(await new MailboxReader(container).ListAsync());
    }

    [Fact]
    public async Task A_mailbox_that_was_never_written_is_empty()
    {
        var reader = new MailboxReader(container);

        Assert.Empty(await reader.ListAsync());
        Assert.Null(await reader.GetAsync("not-an-id"));
        Assert.Null(await reader.GetAsync("0000000000000000000-00000000-0000000000000000"));
    }

    private static EmailMessage Message(string effectId, string to) => new(
        effectId,
        "app-" + effectId,
        to,
        null,
        "Subject " + effectId,
        "See https://apply.example.org/a?x=1&y=2.",
        "<p><a href=\"https://apply.example.org/a?x=1&amp;y=2\">a</a> <a href=\"https://apply.example.org/b\">b</a></p>",
        EmailKinds.UnderReview);
}
