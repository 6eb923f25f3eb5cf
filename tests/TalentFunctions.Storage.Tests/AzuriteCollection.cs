using TalentFunctions.TestSupport;

namespace TalentFunctions.Storage.Tests;

/// <summary>One Azurite for the whole assembly; see <see cref="AzuriteFixture"/>.</summary>
[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
