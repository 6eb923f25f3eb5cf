using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using TalentFunctions.Domain.Applications;
using TalentFunctions.TestSupport;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Lifecycle;

namespace TalentFunctions.Workflow.Tests.Lifecycle;

/// <summary>ADR 0008: a new orchestrator version is registered beside the old one; old instances finish on the old code.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class VersioningTests(AzuriteFixture azurite)
{
    /// <summary>A "next version" of the lifecycle, as a deployment would add it: a new name, different code.</summary>
    public sealed class ApplicationLifecycleNext : TaskOrchestrator<LifecycleInput, string>
    {
        public override async Task<string> RunAsync(TaskOrchestrationContext context, LifecycleInput input) =>
            "next:" + await new ApplicationLifecycle().RunAsync(context, input);
    }

    [Fact]
    public async Task Instances_started_on_one_version_finish_after_the_switch()
    {
        await using var sendGrid = FakeSendGridServer.Start();
        var taskHub = EngineHost.UniqueTaskHub();
        var tables = AzuriteFixture.UniqueTableName("v")[..14];

        string old;
        await using (var before = await WorkflowHarness.StartAsync(azurite, taskHub: taskHub, tablePrefix: tables, sendGrid: sendGrid))
        {
            old = await before.DraftAsync();
            await before.SettledAsync(old);
            Assert.Equal(ApplicationLifecycle.Name, (await before.Durable.GetInstanceAsync(old))!.Name);
        }

        // The next deployment: the old name still registered, new applications start on the new one.
        await using var after = await WorkflowHarness.StartAsync(azurite, taskHub: taskHub, tablePrefix: tables, sendGrid: sendGrid,
            options: o => o.LifecycleOrchestrator = nameof(ApplicationLifecycleNext),
            moreTasks: t => t.AddOrchestrator<ApplicationLifecycleNext>());
        var fresh = await after.DraftAsync();
        Assert.IsType<CommandApplied>(await after.Commands.ExecuteAsync(old, new Submit("submit-old", "applicant")));
        await Eventually.AssertAsync(async () => (await after.StateAsync(old)).Stage == Stage.InReview, WorkflowHarness.Patience, "the old instance screens and assigns");
        foreach (var id in new[] { old, fresh })
        {
            Assert.IsType<CommandApplied>(await after.Commands.ExecuteAsync(id, new Withdraw("withdraw-" + id, "applicant")));
        }

        var oldDone = await CompletedAsync(after.Durable, old);
        var freshDone = await CompletedAsync(after.Durable, fresh);
        Assert.Equal((ApplicationLifecycle.Name, "Withdrawn"), (oldDone.Name, oldDone.ReadOutputAs<string>()));
        Assert.Equal((nameof(ApplicationLifecycleNext), "next:Withdrawn"), (freshDone.Name, freshDone.ReadOutputAs<string>()));
        Assert.Contains("SubmissionReceived", after.KindsSent(old));
        Assert.Equal(0, sendGrid.DuplicateCount);
    }

    private static Task<OrchestrationMetadata> CompletedAsync(DurableTaskClient client, string id) =>
        Eventually.ReferenceAsync(
            async () => await client.GetInstanceAsync(id, getInputsAndOutputs: true) is { RuntimeStatus: OrchestrationRuntimeStatus.Completed } done ? done : null,
            WorkflowHarness.Patience, $"{id} completes");
}
