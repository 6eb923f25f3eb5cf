using TalentFunctions.TestSupport;

namespace TalentFunctions.Workflow.Tests;

[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
