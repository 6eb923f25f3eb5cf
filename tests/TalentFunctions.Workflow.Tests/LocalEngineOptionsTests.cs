using Microsoft.Extensions.Logging;
using TalentFunctions.LocalEngine;

namespace TalentFunctions.Workflow.Tests;

public sealed class LocalEngineOptionsTests
{
    [Theory]
    [InlineData("", "TalentFunctions", 1)]
    [InlineData("UseDevelopmentStorage=true", "ab", 1)]
    [InlineData("UseDevelopmentStorage=true", "1hub", 1)]
    [InlineData("UseDevelopmentStorage=true", "talent-functions", 1)]
    [InlineData("UseDevelopmentStorage=true", "TalentFunctions", 0)]
    [InlineData("UseDevelopmentStorage=true", "TalentFunctions", 17)]
    public void Invalid_settings_are_refused_with_the_setting_named(string connectionString, string taskHub, int partitions)
    {
        var options = new LocalEngineOptions { StorageConnectionString = connectionString, TaskHubName = taskHub, PartitionCount = partitions };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.StartsWith("LocalEngineOptions.", error.Message);
    }

    [Fact]
    public void The_defaults_suit_one_local_process()
    {
        var options = new LocalEngineOptions { StorageConnectionString = "UseDevelopmentStorage=true" };

        options.Validate();
        Assert.Equal(1, options.PartitionCount);
        Assert.Equal(TimeSpan.FromSeconds(3), options.MaxQueuePollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), options.WorkItemVisibilityTimeout);
        Assert.Equal(LogLevel.Warning, options.EngineLogLevel);
    }
}
