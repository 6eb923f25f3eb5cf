using TalentFunctions.Storage.Emulator;
using Xunit;

namespace TalentFunctions.TestSupport;

/// <summary>
/// Starts one in-memory Azurite on free loopback ports for a test assembly and stops it (by process id)
/// when the assembly's tests are done, whether they passed or not.
/// <para>
/// Use it as a collection fixture: xunit only discovers collection definitions in the test assembly itself,
/// so each test project declares once
/// <code>
/// [CollectionDefinition(AzuriteFixture.Collection)]
/// public sealed class AzuriteCollection : ICollectionFixture&lt;AzuriteFixture&gt;;
/// </code>
/// and marks every storage test class with <c>[Collection(AzuriteFixture.Collection)]</c>, taking the fixture
/// in its constructor. Classes in one collection run one after another and share the one Azurite; unit tests
/// outside the collection still run in parallel. Give every test its own table/container/queue via the
/// <c>Unique…Name()</c> helpers so tests never see each other's data.
/// </para>
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>The collection name to use in <c>[CollectionDefinition]</c> and <c>[Collection]</c>.</summary>
    public const string Collection = "azurite";

    private AzuriteProcess? _azurite;

    /// <summary>Connection string with explicit endpoints for the running emulator.</summary>
    public string ConnectionString => Azurite.ConnectionString;

    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not been started.");

    public Uri BlobEndpoint => Azurite.BlobEndpoint;

    public Uri QueueEndpoint => Azurite.QueueEndpoint;

    public Uri TableEndpoint => Azurite.TableEndpoint;

    /// <summary>A table name unique to the caller: letters and digits, starting with a letter.</summary>
    public static string UniqueTableName(string prefix = "t") => Sanitize(prefix, lettersAndDigitsOnly: true) + Guid.NewGuid().ToString("N");

    /// <summary>A container name unique to the caller: lowercase letters, digits and dashes.</summary>
    public static string UniqueContainerName(string prefix = "c") => Sanitize(prefix, lettersAndDigitsOnly: false) + "-" + Guid.NewGuid().ToString("N");

    /// <summary>A queue name unique to the caller: lowercase letters, digits and dashes.</summary>
    public static string UniqueQueueName(string prefix = "q") => Sanitize(prefix, lettersAndDigitsOnly: false) + "-" + Guid.NewGuid().ToString("N");

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync(new AzuriteOptions());
    }

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
            _azurite = null;
        }
    }

    // Keeps names valid for every service: starts with a letter, at most 20 prefix characters
    // (so prefix + dash + 32 hex digits stays within the 63-character limits).
    private static string Sanitize(string prefix, bool lettersAndDigitsOnly)
    {
        var chars = prefix.ToLowerInvariant()
            .Where(c => char.IsAsciiLetterOrDigit(c) || (!lettersAndDigitsOnly && c == '-'))
            .Take(20)
            .ToArray();
        var text = new string(chars).Trim('-');
        return text.Length == 0 || !char.IsAsciiLetter(text[0]) ? "x" + text : text;
    }
}
