namespace TalentFunctions.Standalone.Hosting;

/// <summary>Finds the repository root (the folder with <c>TalentFunctions.sln</c>) by walking up.</summary>
public static class RepositoryLocator
{
    public const string SolutionFileName = "TalentFunctions.sln";

    /// <summary>The first ancestor-or-self of any start directory that holds the solution file; null when published.</summary>
    public static string? FindRoot(params IEnumerable<string?> startDirectories)
    {
        foreach (var start in startDirectories)
        {
            for (var directory = ToDirectory(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
                {
                    return directory.FullName;
                }
            }
        }

        return null;
    }

    internal static DirectoryInfo? ToDirectory(string? path) =>
        string.IsNullOrWhiteSpace(path) ? null : new DirectoryInfo(Path.GetFullPath(path));
}
