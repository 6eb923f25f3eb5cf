using TalentFunctions.TestSupport;

namespace TalentFunctions.Notifications.Tests;

[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
