using TalentFunctions.Domain.Applications;

namespace TalentFunctions.Workflow.Commands;

/// <summary>What became of a command. Callers switch on the type.</summary>
public abstract record CommandResult;

/// <summary>
/// The command is applied. <see cref="AlreadyApplied"/> is true when an earlier delivery of the
/// same command id applied it (the state is then the current one, and <see cref="Events"/> empty).
/// </summary>
public sealed record CommandApplied(ApplicationState State, IReadOnlyList<ApplicationEvent> Events, bool AlreadyApplied) : CommandResult;

/// <summary>The domain refused the command; nothing was written.</summary>
public sealed record CommandRefused(Refusal Refusal) : CommandResult;

/// <summary>No application has this id.</summary>
public sealed record ApplicationNotFound(string ApplicationId) : CommandResult;

/// <summary>Thrown when a command kept losing ETag races past the retry budget.</summary>
public sealed class CommandConflictException(string applicationId, int attempts)
    : Exception($"Application {applicationId}: the command lost {attempts} concurrent-update races in a row.");
