using TalentFunctions.TestSupport;

namespace TalentFunctions.Web.Tests.Hosting;

/// <summary>One Azurite for this test assembly; see <see cref="AzuriteFixture"/>. Use <c>[Collection(AzuriteFixture.Collection)]</c>.</summary>
[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
