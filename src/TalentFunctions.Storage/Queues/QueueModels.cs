namespace TalentFunctions.Storage.Queues;

/// <summary>What <see cref="QueueClient.SendMessageAsync"/> returns.</summary>
public sealed record SendReceipt(string MessageId, string PopReceipt, DateTimeOffset InsertionTime, DateTimeOffset ExpirationTime, DateTimeOffset NextVisibleOn);

/// <summary>What <see cref="QueueClient.UpdateMessageAsync"/> returns: the new pop receipt (the old one is void).</summary>
public sealed record UpdateReceipt(string PopReceipt, DateTimeOffset NextVisibleOn);

/// <summary>
/// A received message. <see cref="Body"/> is the decoded UTF-8 text; <see cref="PopReceipt"/> is needed to
/// delete or update it and changes on every receive or update.
/// </summary>
public sealed record QueueMessage(
    string MessageId,
    string PopReceipt,
    string Body,
    long DequeueCount,
    DateTimeOffset InsertionTime,
    DateTimeOffset ExpirationTime,
    DateTimeOffset NextVisibleOn);

/// <summary>A message seen with <see cref="QueueClient.PeekMessagesAsync"/> (not dequeued, so no pop receipt).</summary>
public sealed record PeekedMessage(string MessageId, string Body, long DequeueCount, DateTimeOffset InsertionTime, DateTimeOffset ExpirationTime);
