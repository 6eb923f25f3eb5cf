using TalentFunctions.Storage.Queues;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Storage.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class QueueClientTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(15);

    private readonly QueueServiceClient _service = new(azurite.ConnectionString);

    [Fact]
    public async Task Queue_create_is_idempotent_and_delete_reports_existence()
    {
        var queue = _service.GetQueueClient(AzuriteFixture.UniqueQueueName());

        Assert.True(await queue.CreateIfNotExistsAsync());
        Assert.False(await queue.CreateIfNotExistsAsync());
        Assert.True(await queue.DeleteIfExistsAsync());
        Assert.False(await queue.DeleteIfExistsAsync());
    }

    [Fact]
    public async Task A_message_round_trips_with_unicode_and_xml_characters()
    {
        var queue = await NewQueueAsync();
        const string body = """{"applicationId":"app-1","note":"<b>O'Brien & 林小雨</b> 🎬","n":1}""";

        var receipt = await queue.SendMessageAsync(body);
        var messages = await queue.ReceiveMessagesAsync();

        var message = Assert.Single(messages);
        Assert.Equal(receipt.MessageId, message.MessageId);
        Assert.Equal(body, message.Body);
        Assert.Equal(1, message.DequeueCount);
        Assert.NotEmpty(message.PopReceipt);
        Assert.True(message.NextVisibleOn > message.InsertionTime);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        Assert.Empty(await queue.PeekMessagesAsync());
    }

    [Fact]
    public async Task Messages_are_base64_on_the_wire_as_the_functions_trigger_expects()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("{\"a\":\"<&>\"}");

        // Read the raw XML with a plain signed request: MessageText must be Base64 of the UTF-8 body.
        var connection = StorageConnectionString.Parse(azurite.ConnectionString);
        using var raw = new HttpClient(new Auth.SharedKeyHandler(connection.Credential, StorageServiceKind.Queue, new SocketsHttpHandler()));
        using var request = new HttpRequestMessage(HttpMethod.Get, queue.Uri.AbsoluteUri + "/messages?peekonly=true");
        request.Headers.Add("x-ms-version", "2024-11-04");
        request.Headers.Add("x-ms-date", DateTimeOffset.UtcNow.ToString("r"));
        using var response = await raw.SendAsync(request);
        var xml = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(Convert.ToBase64String("{\"a\":\"<&>\"}"u8.ToArray()), xml.Descendants("MessageText").Single().Value);
        Assert.Equal("{\"a\":1}", QueueClient.DecodeBody("{\"a\":1}")); // text sent by other tools is kept as is
    }

    [Fact]
    public async Task A_delayed_message_becomes_visible_only_after_its_delay()
    {
        var queue = await NewQueueAsync();
        var sent = await queue.SendMessageAsync("later", visibilityDelay: TimeSpan.FromSeconds(2));

        Assert.Empty(await queue.ReceiveMessagesAsync());
        Assert.True(sent.NextVisibleOn >= sent.InsertionTime.AddSeconds(2));

        var message = await Eventually.ReferenceAsync(
            async () => (await queue.ReceiveMessagesAsync()).SingleOrDefault(), WaitLimit, "the delayed message should become visible");
        Assert.Equal("later", message.Body);
        Assert.True(DateTimeOffset.UtcNow >= sent.InsertionTime.AddSeconds(2).AddMilliseconds(-500));
    }

    [Fact]
    public async Task Redelivery_raises_the_dequeue_count_and_a_stale_pop_receipt_cannot_delete()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("work");

        var first = Assert.Single(await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromSeconds(1)));
        Assert.Equal(1, first.DequeueCount);

        var second = await Eventually.ReferenceAsync(
            async () => (await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromSeconds(30))).SingleOrDefault(),
            WaitLimit,
            "the message should be redelivered after its visibility timeout");
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(2, second.DequeueCount);
        Assert.NotEqual(first.PopReceipt, second.PopReceipt);

        var stale = await Assert.ThrowsAsync<StorageRequestFailedException>(() => queue.DeleteMessageAsync(first.MessageId, first.PopReceipt));
        Assert.Equal(400, stale.Status);
        Assert.Equal("PopReceiptMismatch", stale.ErrorCode);

        await queue.DeleteMessageAsync(second.MessageId, second.PopReceipt);
        var gone = await Assert.ThrowsAsync<StorageRequestFailedException>(() => queue.DeleteMessageAsync(second.MessageId, second.PopReceipt));
        Assert.Equal(404, gone.Status);
        Assert.Equal("MessageNotFound", gone.ErrorCode);
    }

    [Fact]
    public async Task Update_changes_body_and_visibility_and_voids_the_old_receipt()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("v1");
        var received = Assert.Single(await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromSeconds(60)));

        var updated = await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, TimeSpan.Zero, "v2 — 林");

        Assert.NotEqual(received.PopReceipt, updated.PopReceipt);
        var again = Assert.Single(await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromSeconds(60)));
        Assert.Equal("v2 — 林", again.Body);
        Assert.Equal(2, again.DequeueCount);
        var stale = await Assert.ThrowsAsync<StorageRequestFailedException>(
            () => queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, TimeSpan.Zero));
        Assert.Equal(400, stale.Status);

        // Visibility only (no new body): hide it again, then make it visible again.
        var hidden = await queue.UpdateMessageAsync(again.MessageId, again.PopReceipt, TimeSpan.FromSeconds(60));
        Assert.Empty(await queue.PeekMessagesAsync());
        await queue.UpdateMessageAsync(again.MessageId, hidden.PopReceipt, TimeSpan.Zero);
        Assert.Equal("v2 — 林", Assert.Single(await queue.PeekMessagesAsync()).Body);
    }

    [Fact]
    public async Task Receive_takes_up_to_32_and_peek_does_not_dequeue()
    {
        var queue = await NewQueueAsync();
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => queue.SendMessageAsync($"{{\"i\":{i}}}")));

        var peeked = await queue.PeekMessagesAsync(32);
        var received = await queue.ReceiveMessagesAsync(32);
        var rest = await queue.ReceiveMessagesAsync(32);

        Assert.Equal(32, peeked.Count);
        Assert.All(peeked, p => Assert.Equal(0, p.DequeueCount));
        Assert.Equal(32, received.Count);
        Assert.Equal(8, rest.Count);
        Assert.Equal(40, received.Concat(rest).Select(m => m.MessageId).Distinct().Count());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveMessagesAsync(33));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveMessagesAsync(0));
    }

    [Fact]
    public async Task A_message_expires_after_its_time_to_live()
    {
        var queue = await NewQueueAsync();
        var sent = await queue.SendMessageAsync("short-lived", timeToLive: TimeSpan.FromSeconds(1));
        await queue.SendMessageAsync("forever", timeToLive: Timeout.InfiniteTimeSpan);

        Assert.True(sent.ExpirationTime <= sent.InsertionTime.AddSeconds(2));
        await Eventually.AssertAsync(
            async () => (await queue.PeekMessagesAsync(32)).Select(m => m.Body).SequenceEqual(["forever"]),
            WaitLimit,
            "the short-lived message should expire");
    }

    [Fact]
    public async Task Sending_to_a_missing_queue_throws_404()
    {
        var queue = _service.GetQueueClient(AzuriteFixture.UniqueQueueName());

        var error = await Assert.ThrowsAsync<StorageRequestFailedException>(() => queue.SendMessageAsync("x"));

        Assert.Equal(404, error.Status);
        Assert.Equal("QueueNotFound", error.ErrorCode);
        Assert.NotNull(error.RequestId);
    }

    private async Task<QueueClient> NewQueueAsync()
    {
        var queue = _service.GetQueueClient(AzuriteFixture.UniqueQueueName());
        await queue.CreateIfNotExistsAsync();
        return queue;
    }
}
