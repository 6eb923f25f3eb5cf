using TalentFunctions.Notifications.Mailbox;
using Azure.Storage.Blobs;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Workflow.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class EmailPipelineTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Email_effects_are_rendered_in_the_recipients_language_and_recorded_in_blob_storage()
    {
        var container = AzuriteFixture.UniqueContainerName("mail");
        await using var h = await RuntimeHarness.StartAsync(azurite, mailboxContainer: container);
        const string id = "app-mail";
        var create = Commands.Create(id, email: "lin@example.com") with
        {
            Applicant = Commands.Applicant("lin@example.com") with { Name = "林<script>alert(1)</script>" },
        };
        await h.RunAsync(id, create);
        await h.RunAsync(id, Commands.RequestReel());
        await h.RunAsync(id, Commands.AttachReel());
        await h.RunAsync(id, Commands.Submit());
        await h.PumpWorkItemsAsync();

        var reader = new MailboxReader(h.Get<BlobServiceClient>().GetBlobContainerClient(container));
        var toApplicant = await reader.ListAsync("lin@example.com");
        Assert.Equal(3, toApplicant.Count); // draft started, submission received, under review
        Assert.All(toApplicant, m =>
        {
            Assert.StartsWith(id, m.EffectId, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>", m.Html, StringComparison.Ordinal);
            Assert.Contains("林<script>", m.Text, StringComparison.Ordinal);
            Assert.Contains(m.Links, l => l.StartsWith($"https://talent.example/applications/{id}?token=", StringComparison.Ordinal));
        });
        Assert.All(toApplicant, m => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", m.Subject));

        var state = await h.StateAsync(id);
        var program = h.Programs.Get(state.ProgramId)!;
        foreach (var assignment in state.Assignments)
        {
            var mentor = program.FindMentor(assignment.MentorId)!;
            var request = Assert.Single(await reader.ListAsync(mentor.Email));
            Assert.Contains(request.Links, l => l.StartsWith("https://talent.example/review/", StringComparison.Ordinal));
        }
    }
}
