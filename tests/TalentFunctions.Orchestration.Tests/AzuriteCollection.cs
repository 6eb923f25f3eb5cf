using TalentFunctions.TestSupport;

namespace TalentFunctions.Orchestration.Tests;

[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
